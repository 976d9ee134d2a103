import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SyncTrendChart } from "@/components/charts/sync-trend-chart";
import { PageHeader } from "@/components/layout/page-header";
import { ATTENTION_LOOK } from "@/components/monitoring/attention-words";
import { GapCard } from "@/components/monitoring/gap-card";
import { RangePicker } from "@/components/monitoring/range-picker";
import { HealthBadge } from "@/components/syncs/health-badge";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { loadSyncTrend } from "@/lib/monitoring/load-monitoring";
import { rangeSchema } from "@/lib/monitoring/sync-trends";

export const metadata: Metadata = { title: "Sync trend" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string }> };

export default async function SyncTrendPage({ params, searchParams }: Props) {
  await pageActor();
  const { id } = await params;
  const parsed = rangeSchema.safeParse((await searchParams).range);
  const trend = await loadSyncTrend(id, parsed.success ? parsed.data : "7d");
  if (!trend) notFound();
  const { row } = trend;
  const look = row.attention ? ATTENTION_LOOK[row.attention.kind] : null;
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={`/monitoring?range=${trend.range}`} className="text-slate-500 hover:text-indigo-700">
          ← Monitoring
        </Link>
      </nav>
      <PageHeader
        title={row.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <HealthBadge health={row.health} />
            {row.segment.name} → {row.destination.name} ·{" "}
            <Link href={`/syncs/${row.syncId}`} className="text-indigo-700 hover:underline">
              Open the sync
            </Link>
          </span>
        }
        actions={<RangePicker current={trend.range} href={(r) => `/monitoring/${row.syncId}?range=${r}`} />}
      />
      {row.attention && (
        <Alert
          tone={row.attention.kind === "failing" ? "error" : row.attention.kind === "paused" ? "info" : "warning"}
          title={look?.label}
          className="mb-6"
        >
          <span data-testid="trend-attention">{row.attention.reason}</span>
          {row.health.runId && (
            <>
              {" "}
              <Link href={`/syncs/${row.syncId}/runs/${row.health.runId}`} className="font-medium underline">
                See the run
              </Link>
            </>
          )}
        </Alert>
      )}
      <Card>
        <CardHeader
          title="Segment → eligible → delivered → matched"
          description={`One point per run, ${trend.rangeLabel} (times in UTC)`}
        />
        <CardBody>
          <SyncTrendChart
            data={trend.points.map((p) => ({
              t: p.t.toISOString(),
              segment: p.segment,
              eligible: p.eligible,
              delivered: p.delivered,
              matched: p.matched,
            }))}
            from={trend.from.toISOString()}
            to={trend.to.toISOString()}
          />
          <p className="mt-3 text-sm text-slate-800" data-testid="trend-sentence">
            {trend.sentence.sentence}
          </p>
        </CardBody>
      </Card>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <GapCard title="Segment → delivered" gap={row.gaps.segment} empty="No run has recorded its plan figures yet." />
        <GapCard
          title="Delivered → matched on the platform"
          gap={row.gaps.platform}
          empty="The platform has not reported a size, or there is no match rate to compare with yet."
        />
      </div>
    </>
  );
}
