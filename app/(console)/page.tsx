import type { Metadata } from "next";
import Link from "next/link";
import { DailyEventsChart } from "@/components/charts/daily-events-chart";
import { PageHeader } from "@/components/layout/page-header";
import { EventsByName } from "@/components/overview/events-by-name";
import { GettingStarted } from "@/components/overview/getting-started";
import { HealthList } from "@/components/overview/health-list";
import { StatCard } from "@/components/overview/stat-card";
import { SyncHealthSummary } from "@/components/overview/sync-health-summary";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCount, formatNumber, formatPercent } from "@/components/ui/format";
import { pageActor } from "@/lib/auth/page-actor";
import { getWorkspaceSummary } from "@/lib/overview/workspace-summary";
import { loadMonitoring } from "@/lib/monitoring/load-monitoring";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await pageActor();
  // The health panel reads Monitoring's rows: the one health model plus drift and overdue, in needs-attention order.
  const [s, monitoring] = await Promise.all([getWorkspaceSummary(), loadMonitoring({ range: "7d" })]);
  const syncs = monitoring.rows.map((r) => ({ id: r.syncId, name: r.name, health: r.health, attention: r.attention }));
  const total14d = s.dailyEvents14d.reduce((sum, d) => sum + d.count, 0);
  return (
    <>
      <PageHeader
        title="Overview"
        description="Your workspace at a glance: who Downstream knows, what they're doing, and what's left to set up."
      />

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard
          label="People"
          value={formatNumber(s.people)}
          detail={
            s.testProfiles > 0
              ? `Plus ${formatCount(s.testProfiles, "test profile")}: not counted in people, segments or syncs`
              : "Profiles from all sources"
          }
        />
        <StatCard
          label="With an email"
          value={formatPercent(s.withEmail, s.people)}
          detail={formatCount(s.withEmail, "person", "people")}
        />
        <StatCard
          label="With a valid phone"
          value={formatPercent(s.withValidPhone, s.people)}
          detail={formatCount(s.withValidPhone, "person", "people")}
        />
        <StatCard label="Events, last 24 hours" value={formatNumber(s.events24h)} detail="By when they happened" />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Events per day" description={`Last 14 days, UTC · ${formatNumber(total14d)} in total`} />
            <CardBody>{total14d > 0 ? <DailyEventsChart data={s.dailyEvents14d} /> : <NoEvents />}</CardBody>
          </Card>
          <Card>
            <CardHeader title="Events by name" description="Last 7 days, most frequent first" />
            <CardBody>
              <EventsByName rows={s.eventsByName7d} />
            </CardBody>
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Getting started" description="From raw events to a verified audience." />
            <CardBody>
              <GettingStarted progress={s.setup} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Syncs"
              description={
                <Link href="/monitoring" className="hover:text-indigo-700">
                  Monitoring →
                </Link>
              }
            />
            <CardBody>
              <SyncHealthSummary syncs={syncs} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="System health" description="Checked just now" />
            <CardBody>
              <HealthList health={s.health} />
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}

function NoEvents() {
  return (
    <p className="py-12 text-center text-sm text-slate-500">
      No events in the last 14 days. Once a source sends data, daily volume shows here.
    </p>
  );
}
