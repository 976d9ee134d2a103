import { Layers, Plus, RefreshCw } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { KindIcon } from "@/components/destinations/kind-icon";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { HealthBadge } from "@/components/syncs/health-badge";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { lastRunSummary } from "@/components/syncs/run-words";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { formatCount, formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listSyncs } from "@/lib/sync/list-syncs";

export const metadata: Metadata = { title: "Syncs" };

export default async function SyncsPage() {
  const actor = await pageActor();
  const syncs = await listSyncs();
  const create = hasRole(actor.role, "editor") ? (
    <Link href="/syncs/new" className={buttonClasses()}>
      <Plus aria-hidden />
      New sync
    </Link>
  ) : null;
  const tiers = (
    <Link href="/syncs/tiers" className={buttonClasses({ variant: "secondary" })}>
      <Layers aria-hidden />
      Intent tiers
    </Link>
  );
  const failing = syncs.filter((s) => s.health.state === "failing").length;
  const running = syncs.some((s) => s.health.state === "running");

  return (
    <>
      <PageHeader
        title="Syncs"
        description={
          syncs.length
            ? `${formatCount(syncs.length, "sync")}${failing ? ` · ${failing} failing` : ""}. Each run works out exactly who to add and remove, after suppression, holdouts and caps.`
            : "Keep a destination audience in step with a segment."
        }
        actions={
          <>
            {syncs.length > 0 && tiers}
            {create}
          </>
        }
      />
      <LiveRefresh active={running} />
      {syncs.length === 0 ? (
        <EmptyState
          icon={RefreshCw}
          title="No syncs yet"
          description="Send a segment to an audience. Every run works out exactly who to add and who to remove, applies suppression rules and holdouts, and keeps a run history with per-person errors."
        >
          {create}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Sync</TH>
              <TH>Health</TH>
              <TH className="text-right">Audience</TH>
              <TH>Last run</TH>
              <TH>Next run</TH>
            </TR>
          </THead>
          <TBody>
            {syncs.map((s) => (
              <TR key={s.id} data-testid="sync-row">
                <TD>
                  <Link href={`/syncs/${s.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                    {s.name}
                  </Link>
                  <div className="mt-0.5 flex items-center gap-1.5 text-xs text-slate-500">
                    {s.segmentName} → <KindIcon kind={s.destinationKind} className="size-3" /> {s.destinationName}
                  </div>
                </TD>
                <TD>
                  <div className="flex flex-col items-start gap-1" data-testid="sync-health">
                    <HealthBadge health={s.health} />
                    {s.state === "paused" && s.health.state !== "paused" && <Badge tone="neutral">Paused</Badge>}
                  </div>
                  {s.health.cause && s.health.state !== "healthy" && (
                    <p
                      className={`mt-1 max-w-xs truncate text-xs ${s.health.state === "failing" ? "text-red-700" : s.health.state === "warning" ? "text-amber-700" : "text-slate-500"}`}
                      title={s.health.cause}
                      data-testid="sync-health-cause"
                    >
                      {s.health.cause}
                    </p>
                  )}
                </TD>
                <TD className="text-right tabular-nums">
                  {s.audienceSize === null ? <span className="text-slate-400">—</span> : formatNumber(s.audienceSize)}
                  {s.segmentSize !== null && <div className="text-xs text-slate-500">of {formatNumber(s.segmentSize)} in segment</div>}
                </TD>
                <TD>
                  {s.lastRun ? (
                    <Link href={`/syncs/${s.id}/runs/${s.lastRun.id}`} className="hover:text-indigo-700">
                      <TimeAgo date={s.lastRun.finishedAt ?? s.lastRun.startedAt} />
                      <div className="text-xs text-slate-500">
                        {lastRunSummary(s.lastRun)}
                        {s.lastRun.failed + s.lastRun.invalid > 0 && (
                          <span className="text-amber-700"> · {formatNumber(s.lastRun.failed + s.lastRun.invalid)} not delivered</span>
                        )}
                      </div>
                    </Link>
                  ) : (
                    <span className="text-slate-400">Never</span>
                  )}
                </TD>
                <TD className="text-slate-500">{s.state === "live" && s.nextRunAt ? <NextRun at={s.nextRunAt} /> : "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}

function NextRun({ at }: { at: Date }) {
  // A server component renders once per request: "now" is the request's time, not a re-render's.
  // eslint-disable-next-line react-hooks/purity
  const minutes = Math.round((new Date(at).getTime() - Date.now()) / 60_000);
  return (
    <span title={new Date(at).toISOString()}>
      {minutes <= 0 ? "Due now" : minutes < 60 ? `In ${minutes} min` : `In ${Math.round(minutes / 60)} h`}
    </span>
  );
}
