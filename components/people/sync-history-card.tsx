import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatTimestamp } from "@/components/ui/format";
import { syncLabel } from "@/components/people/sync-label";
import type { SyncHistoryEntry } from "@/lib/people/sync-history";

// Row-level history on a person's page: every sync that added or removed them, when, in which run, and why.
const KIND: Record<SyncHistoryEntry["kind"], { label: string; tone: BadgeTone }> = {
  added: { label: "Added", tone: "success" },
  removed: { label: "Removed", tone: "neutral" },
  not_added: { label: "Refused", tone: "danger" },
  not_removed: { label: "Not removed", tone: "warning" },
  held_out: { label: "Held out", tone: "accent" },
};

export function SyncHistoryCard({ entries }: { entries: SyncHistoryEntry[] }) {
  return (
    <Card>
      <CardHeader title="Syncs" description="Every time a sync added or removed this person, newest first, and why" />
      {entries.length ? (
        <ol className="divide-y divide-slate-100" data-testid="sync-history">
          {entries.map((e, i) => {
            const label = syncLabel(e.syncName, e.destination);
            return (
              <li key={`${e.runId}-${e.kind}-${i}`} className="px-5 py-3 text-sm" data-testid="sync-history-entry" data-kind={e.kind}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={KIND[e.kind].tone}>{KIND[e.kind].label}</Badge>
                  <Link href={`/syncs/${e.syncId}`} className="font-medium text-slate-800 hover:text-indigo-700">
                    {label.name}
                  </Link>
                  {label.to && <span className="text-xs text-slate-400">→ {label.to}</span>}
                  <span className="ml-auto text-xs text-slate-500">
                    {e.runId ? (
                      <Link href={`/syncs/${e.syncId}/runs/${e.runId}`} className="hover:text-indigo-700">
                        {formatTimestamp(e.at)} · see the run
                      </Link>
                    ) : (
                      formatTimestamp(e.at)
                    )}
                  </span>
                </div>
                <p className="mt-1 text-slate-600">{e.detail}</p>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="px-5 py-4 text-sm text-slate-400">No sync has added or removed this person.</p>
      )}
    </Card>
  );
}
