import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { AttributesCard } from "@/components/people/attributes-card";
import { EventTimeline } from "@/components/people/event-timeline";
import { IdentifiersCard } from "@/components/people/identifiers-card";
import { MembershipsCard } from "@/components/people/memberships-card";
import { SyncHistoryCard } from "@/components/people/sync-history-card";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatCount, formatNumber, formatTimestamp } from "@/components/ui/format";
import { pageActor } from "@/lib/auth/page-actor";
import { getPerson } from "@/lib/people/get-person";
import { personEvents } from "@/lib/people/person-events";
import { syncHistory } from "@/lib/people/sync-history";

export const metadata: Metadata = { title: "Person" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> };

export default async function PersonPage({ params, searchParams }: Props) {
  await pageActor();
  const { id } = await params;
  const { before } = await searchParams;
  const person = await getPerson({ id });
  if (!person) notFound();
  const [{ events, nextCursor }, history] = await Promise.all([
    personEvents(person.id, { limit: 50, cursor: before }),
    syncHistory(person.id),
  ]);
  const sourceNames = Object.fromEntries(person.sources.filter((s) => s.name).map((s) => [s.id, s.name!]));
  const title = person.externalId ?? person.identifiers.email.normalized ?? `Person #${person.id}`;
  const total = person.sources.reduce((n, s) => n + s.events, 0);

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/people" className="text-slate-500 hover:text-indigo-700">
          ← People
        </Link>
      </nav>
      <PageHeader
        title={title}
        description={
          <>
            First seen {formatTimestamp(person.firstSeenAt)} · last seen {formatTimestamp(person.lastSeenAt)} ·{" "}
            {formatCount(total, "event")}
            {person.isTest && (
              <Badge tone="warning" className="ml-2">
                Test profile
              </Badge>
            )}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <SyncHistoryCard entries={history} />
          <Card>
            <CardHeader
              title="Event timeline"
              description={
                person.sources.length
                  ? `From ${person.sources.map((s) => `${s.name ?? "unknown source"} (${formatNumber(s.events)})`).join(", ")}`
                  : "Newest first"
              }
            />
            <EventTimeline events={events} sourceNames={sourceNames} />
            {(nextCursor || before) && (
              <div className="flex justify-between border-t border-slate-100 px-5 py-3">
                {before ? (
                  <Link href={`/people/${person.id}`} className={buttonClasses({ variant: "ghost", size: "sm" })}>
                    Newest
                  </Link>
                ) : (
                  <span />
                )}
                {nextCursor && (
                  <Link href={`/people/${person.id}?before=${nextCursor}`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
                    Older events
                  </Link>
                )}
              </div>
            )}
          </Card>
        </div>
        <div className="space-y-6 lg:col-span-2">
          <IdentifiersCard identifiers={person.identifiers} />
          <AttributesCard attributes={person.attributes} />
          <MembershipsCard segments={person.segments} audiences={person.audiences} />
        </div>
      </div>
    </>
  );
}
