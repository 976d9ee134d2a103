import Link from "next/link";
import { HealthBadge } from "@/components/syncs/health-badge";
import { formatCount } from "@/components/ui/format";
import type { Attention } from "@/lib/monitoring/load-monitoring";
import type { SyncHealth } from "@/lib/sync/sync-health";

// The Overview's view of the syncs: the same health model (lib/sync/sync-health.ts) as the list
// and each sync's page, so the Overview never calls a sync healthy that its page says is failing.
// `attention` (from Monitoring) adds drifting and overdue syncs, with the reason, to those listed.
type Row = { id: string; name: string; health: SyncHealth; attention?: Attention | null };

export function SyncHealthSummary({ syncs }: { syncs: Row[] }) {
  if (!syncs.length) return <p className="text-sm text-slate-500">No syncs yet.</p>;
  const attention = syncs.filter((s) => s.attention || s.health.state === "failing" || s.health.state === "warning");
  const healthy = syncs.filter((s) => s.health.state === "healthy").length;
  return (
    <div data-testid="overview-syncs">
      <p className="text-sm text-slate-600">
        {formatCount(healthy, "healthy sync", "healthy syncs")} of {syncs.length}
        {attention.length ? ` · ${formatCount(attention.length, "needs", "need")} attention` : ""}
      </p>
      {attention.length > 0 && (
        <ul className="mt-3 divide-y divide-slate-100">
          {attention.map((s) => (
            <li key={s.id} className="py-2">
              <div className="flex items-center justify-between gap-2">
                <Link href={`/monitoring/${s.id}`} className="truncate font-medium text-slate-800 hover:text-indigo-700">
                  {s.name}
                </Link>
                <HealthBadge health={s.health} />
              </div>
              {(s.attention?.reason ?? s.health.cause) && (
                <p className="mt-0.5 line-clamp-2 text-xs text-slate-500">{s.attention?.reason ?? s.health.cause}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
