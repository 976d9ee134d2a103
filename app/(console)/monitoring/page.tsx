import { LineChart } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { MonitoringTable } from "@/components/monitoring/monitoring-table";
import { ConflictsCard } from "@/components/orchestration/conflicts-card";
import { RangePicker } from "@/components/monitoring/range-picker";
import { formatCount } from "@/components/ui/format";
import { pageActor } from "@/lib/auth/page-actor";
import { loadMonitoring, monitoringQuery } from "@/lib/monitoring/load-monitoring";
import { findConflicts } from "@/lib/orchestration/find-conflicts";

export const metadata: Metadata = { title: "Monitoring" };

type Props = { searchParams: Promise<{ range?: string; sort?: string }> };

export default async function MonitoringPage({ searchParams }: Props) {
  const actor = await pageActor();
  const sp = await searchParams;
  // A hand-edited URL with an unknown range falls back to the defaults rather than erroring.
  const parsed = monitoringQuery.safeParse({ range: sp.range, sort: sp.sort });
  const query = parsed.success ? parsed.data : monitoringQuery.parse({});
  const m = await loadMonitoring(query);
  const conflicts = await findConflicts(actor);
  const attention = m.rows.filter((r) => r.attention && r.attention.kind !== "warning").length;
  const href = (p: { range?: string; sort?: string }) => `/monitoring?range=${p.range ?? m.range}&sort=${p.sort ?? m.sort}`;
  return (
    <>
      <PageHeader
        title="Monitoring"
        description={
          m.rows.length
            ? `${formatCount(m.rows.length, "sync")}${attention ? ` · ${attention} need${attention === 1 ? "s" : ""} attention` : " · all on track"}. Segment → eligible → delivered → matched on the platform, ${m.rangeLabel}.`
            : "Every sync's segment, eligible, delivered and matched audience over time."
        }
        actions={<RangePicker current={m.range} href={(range) => href({ range })} />}
      />
      {m.rows.length === 0 ? (
        <EmptyState
          icon={LineChart}
          title="Nothing to monitor yet"
          description="Once a sync runs, its figures are charted here after every run."
        />
      ) : (
        <>
          <div className="mb-3 flex items-center gap-2 text-sm text-slate-600">
            Sort:
            {(["attention", "name"] as const).map((s) => (
              <Link
                key={s}
                href={href({ sort: s })}
                aria-current={m.sort === s ? "true" : undefined}
                className={m.sort === s ? "font-medium text-indigo-700" : "hover:text-indigo-700"}
              >
                {s === "attention" ? "Needs attention first" : "Name"}
              </Link>
            ))}
          </div>
          <MonitoringTable rows={m.rows} from={m.from} to={m.to} range={m.range} />
          <p className="mt-3 text-xs text-slate-500">
            Gap: the largest difference the workspace&apos;s rules do not explain, either between what the segment allows (after
            suppression, holdout, cap and identifiers) and what was delivered, or between delivered and what the platform&apos;s match rate
            predicts. 5% or more is marked Drifting.
          </p>
        </>
      )}
      {m.rows.length > 0 || conflicts.conflicts.length > 0 ? <ConflictsCard {...conflicts} scope="workspace" /> : null}
    </>
  );
}
