import { Activity, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { lagWords, StreamStatusBadge } from "@/components/streams/stream-status-badge";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { buttonClasses } from "@/components/ui/button";
import { formatCount, formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listStreams } from "@/lib/streams/list-streams";

export const metadata: Metadata = { title: "Event streams" };

export default async function EventStreamsPage() {
  const actor = await pageActor();
  const streams = await listStreams();
  const create = hasRole(actor.role, "editor") ? (
    <Link href="/event-streams/new" className={buttonClasses()}>
      <Plus aria-hidden />
      New event stream
    </Link>
  ) : null;
  const troubled = streams.filter((s) => ["retrying", "holding", "throttled"].includes(s.health.state)).length;

  return (
    <>
      <PageHeader
        title="Event streams"
        description={
          streams.length
            ? `${formatCount(streams.length, "stream")}${troubled ? ` · ${troubled} with delivery problems` : ""}. Each forwards matching events as they arrive, in order per person, and keeps every event until it is delivered.`
            : "Send engagement and other events to a webhook or your warehouse as they arrive."
        }
        actions={create}
      />
      <LiveRefresh active={streams.length > 0} everyMs={5_000} />
      {streams.length === 0 ? (
        <EmptyState
          icon={Activity}
          title="No event streams yet"
          description="Forward sent, delivered, opened, clicked, unsubscribed, bounced and converted events (with their campaign, message and journey) or any tracked event to a signed webhook or a Postgres table. Failed deliveries are retried for about a day, and nothing is dropped."
        >
          {create}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Stream</TH>
              <TH>Status</TH>
              <TH className="text-right">In / out per minute</TH>
              <TH className="text-right">Delivered, 24 h</TH>
              <TH className="text-right">Lag</TH>
              <TH className="text-right">Dead</TH>
            </TR>
          </THead>
          <TBody>
            {streams.map((s) => (
              <TR key={s.id} data-testid="stream-row">
                <TD>
                  <Link href={`/event-streams/${s.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                    {s.name}
                  </Link>
                  <div className="mt-0.5 max-w-md text-xs text-slate-500">
                    {s.forwards} → {s.destination.kind === "webhook" ? "Webhook" : "Warehouse"} {s.destination.label}
                  </div>
                </TD>
                <TD>
                  <StreamStatusBadge health={s.health} />
                  {s.health.reason && s.health.state !== "idle" && (
                    <p className="mt-1 max-w-xs truncate text-xs text-slate-500" title={s.health.reason} data-testid="stream-reason">
                      {s.health.reason}
                    </p>
                  )}
                </TD>
                <TD className="text-right tabular-nums">
                  {formatNumber(s.figures.inPerMinute)} / {formatNumber(s.figures.outPerMinute)}
                </TD>
                <TD className="text-right tabular-nums">{formatNumber(s.figures.delivered24h)}</TD>
                <TD className="text-right tabular-nums">{lagWords(s.figures.lagSeconds)}</TD>
                <TD className={`text-right tabular-nums ${s.figures.dead ? "font-medium text-red-700" : "text-slate-500"}`}>
                  {formatNumber(s.figures.dead)}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
