import { Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StreamFlowChart } from "@/components/charts/stream-flow-chart";
import { LedgerAttempts } from "@/components/delivery/ledger-attempts";
import { LedgerDeadLetters } from "@/components/delivery/ledger-dead-letters";
import { PageHeader } from "@/components/layout/page-header";
import { StatCard } from "@/components/overview/stat-card";
import { exampleBatchBody, forwardedFieldDocs } from "@/components/streams/example-body";
import { ReplayDeadButton, ReplayRangeForm } from "@/components/streams/replay-controls";
import { SecretActions, StreamStateActions } from "@/components/streams/stream-actions";
import { lagWords, StreamStatusBadge } from "@/components/streams/stream-status-badge";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCount, formatNumber, formatTimestamp } from "@/components/ui/format";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { describeSchedule } from "@/lib/delivery/retry-schedule";
import { isAppError } from "@/lib/errors";
import { undeliveredCount } from "@/lib/streams/delete-stream";
import { getStream, streamAttempts, streamDeadLetters } from "@/lib/streams/get-stream";
import { deleteStreamAction, endRotationAction, pauseStreamAction, replayAction, resumeStreamAction, rotateSecretAction } from "../actions";

export const metadata: Metadata = { title: "Event stream" };

type Props = { params: Promise<{ id: string }> };

const bannerTone = {
  flowing: "success",
  idle: "info",
  retrying: "warning",
  throttled: "warning",
  holding: "error",
  paused: "info",
} as const;
/** "Up to 1 event per request, sent without waiting for more"; "Up to 500 events per request, or whatever arrived within 5 s". */
function batchWords(settings: Record<string, unknown>, per: string): string {
  const waitS = Number(settings.maxWaitMs) / 1000;
  const size = formatCount(Number(settings.batchSize), "event");
  return waitS > 0
    ? `Up to ${size} per ${per}, or whatever arrived within ${waitS} s`
    : `Up to ${size} per ${per}, sent without waiting for more`;
}

export default async function EventStreamPage({ params }: Props) {
  const { id } = await params;
  const actor = await pageActor();
  const stream = await getStream(id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const [{ attempts }, { deadLetters }, undelivered] = await Promise.all([
    streamAttempts(id, { limit: 10 }),
    streamDeadLetters(id, { limit: 50 }),
    undeliveredCount(id),
  ]);
  const editor = hasRole(actor.role, "editor");
  const { health, figures } = stream;
  const settings = stream.destination.settings as Record<string, unknown>;
  const schedule = (settings.retrySchedule as number[] | undefined) ?? [];
  const paused = health.state === "paused" || health.state === "holding";
  const rotating = stream.signingSecrets.length > 1;
  // The page renders once per request; the chart ends at the minute the figures were read.
  const now = new Date().toISOString();

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/event-streams" className="text-slate-500 hover:text-indigo-700">
          ← Event streams
        </Link>
      </nav>
      <PageHeader
        title={stream.name}
        description={`${stream.forwards} → ${stream.destination.kind === "webhook" ? "webhook" : "warehouse"} ${stream.destination.label}`}
        actions={
          editor ? (
            <>
              <Link href={`/event-streams/${id}/edit`} className={`${buttonClasses({ variant: "secondary" })} self-start`}>
                <Pencil aria-hidden /> Edit
              </Link>
              <StreamStateActions
                streamId={id}
                paused={paused}
                undelivered={undelivered}
                pause={pauseStreamAction}
                resume={resumeStreamAction}
                remove={deleteStreamAction}
              />
            </>
          ) : null
        }
      />
      <LiveRefresh active everyMs={3_000} />

      <Alert tone={bannerTone[health.state]} className="mb-6">
        <div data-testid="stream-banner">
          <div className="flex items-center gap-2">
            <StreamStatusBadge health={health} />
            {health.since && (
              <span className="text-xs">
                since <TimeAgo date={health.since} />
              </span>
            )}
          </div>
          {health.reason && <p className="mt-1">{health.reason}</p>}
        </div>
      </Alert>

      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-7" data-testid="stream-figures">
        <StatCard label="In per minute" value={formatNumber(figures.inPerMinute)} detail="Last full minute" />
        <StatCard label="Out per minute" value={formatNumber(figures.outPerMinute)} detail="Delivered, last full minute" />
        <StatCard
          label="Lag"
          value={lagWords(figures.lagSeconds)}
          detail={figures.lagSeconds === null ? "Nothing waiting to be delivered" : "Age of the oldest undelivered event"}
        />
        <StatCard label="Delivered" value={formatNumber(figures.delivered24h)} detail="Last 24 hours" />
        <StatCard label="Retrying" value={formatNumber(figures.retrying)} />
        <StatCard
          label="Held"
          value={formatNumber(figures.held)}
          detail={
            health.state === "holding"
              ? "Waiting for the endpoint to recover"
              : paused
                ? "Waiting for the stream to resume"
                : "Behind the same person's retry"
          }
        />
        <StatCard label="Dead" value={formatNumber(figures.dead)} detail="Out of retries" />
      </div>

      <Card className="mt-6">
        <CardHeader title="Last hour" description="Events in against events delivered, per minute (UTC)." />
        <CardBody>
          <StreamFlowChart minutes={figures.perMinute} end={now} />
        </CardBody>
      </Card>

      <LedgerAttempts
        attempts={attempts}
        description="Every request, newest first. Responses are redacted and cut short."
        empty="No requests yet: they start when a matching event arrives."
        showEvents
      />

      <LedgerDeadLetters
        rows={deadLetters}
        description={`Events that failed every retry (${describeSchedule(schedule)}). They are kept until you replay them; a replay goes under the same webhook-id, so your endpoint can skip ones it already has.`}
        columns={[
          {
            header: "Event",
            cell: (d) => (
              <>
                <span className="font-mono text-xs">{d.eventName ?? "—"}</span>
                {d.occurredAt && <div className="text-xs text-slate-500">{formatTimestamp(d.occurredAt)}</div>}
              </>
            ),
          },
          { header: "Person", className: "font-mono text-xs", cell: (d) => d.personLabel },
        ]}
        replayAll={editor ? <ReplayDeadButton streamId={id} action={replayAction} label="Replay all dead" /> : undefined}
        replay={
          editor ? (d) => <ReplayDeadButton streamId={id} deliveryId={d.deliveryId} action={replayAction} label="Replay" /> : undefined
        }
      />

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        {editor && (
          <Card>
            <CardHeader
              title="Replay a time range"
              description="Send again every matching event that happened in the range, e.g. to fill a new warehouse table from history. Event ids stay the same, so receivers can deduplicate."
            />
            <CardBody>
              <ReplayRangeForm streamId={id} action={replayAction} />
            </CardBody>
          </Card>
        )}
        <Card>
          <CardHeader title="Settings" />
          <CardBody>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
              {stream.destination.kind === "webhook" ? (
                <>
                  <dt className="text-slate-500">URL</dt>
                  <dd className="font-mono text-xs break-all">{String(settings.url)}</dd>
                  <dt className="text-slate-500">Batches</dt>
                  <dd data-testid="stream-batches">{batchWords(settings, "request")}</dd>
                  <dt className="text-slate-500">Timeout</dt>
                  <dd>{Number(settings.timeoutMs) / 1000} s</dd>
                  <dt className="text-slate-500">Signature</dt>
                  <dd>
                    {settings.signatureMode === "customerio"
                      ? "Customer.io compatible (X-CIO-Signature)"
                      : "Standard Webhooks (webhook-signature)"}
                  </dd>
                  <dt className="text-slate-500">Extra headers</dt>
                  <dd>{Object.keys((settings.headers as object) ?? {}).join(", ") || "None"}</dd>
                  <dt className="text-slate-500">Authorization</dt>
                  <dd>{stream.destination.credentialsSet.includes("authorization") ? "Set (encrypted)" : "None"}</dd>
                </>
              ) : (
                <>
                  <dt className="text-slate-500">Table</dt>
                  <dd className="font-mono text-xs">{stream.destination.label}</dd>
                  <dt className="text-slate-500">Connection</dt>
                  <dd>Saved (encrypted)</dd>
                  <dt className="text-slate-500">Batches</dt>
                  <dd data-testid="stream-batches">{batchWords(settings, "write")}</dd>
                </>
              )}
              <dt className="text-slate-500">Retries</dt>
              <dd>{describeSchedule(schedule)}</dd>
              <dt className="text-slate-500">Created</dt>
              <dd>{formatTimestamp(stream.createdAt)}</dd>
            </dl>
          </CardBody>
        </Card>
      </div>

      {stream.destination.kind === "webhook" && (
        <Card className="mt-6">
          <CardHeader
            title="Signing secrets"
            description="Your endpoint checks each request's signature with the secret. During a rotation both secrets sign, so nothing fails while you switch."
          />
          <CardBody className="space-y-4">
            <ul className="space-y-1.5 text-sm" data-testid="signing-secrets">
              {stream.signingSecrets.map((s, i) => (
                <li key={s.createdAt + s.preview} className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs">{s.preview}</span>
                  <span className="text-xs text-slate-500">
                    {i === 0 ? "Current" : "Previous"} · made {formatTimestamp(s.createdAt)}
                    {s.expiresAt && ` · stops signing ${formatTimestamp(s.expiresAt)}`}
                  </span>
                </li>
              ))}
            </ul>
            {editor && <SecretActions streamId={id} rotating={rotating} rotate={rotateSecretAction} endRotation={endRotationAction} />}
          </CardBody>
        </Card>
      )}

      <Card className="mt-6">
        <CardHeader
          title="What your endpoint receives"
          description={
            stream.destination.kind === "webhook"
              ? "A POST with a JSON body like this, one or more events per request. Deduplicate on the event id (a retry resends the same batch under the same webhook-id)."
              : "One row per event in the table, one column per field below; an event already in the table is skipped."
          }
        />
        <CardBody className="grid gap-6 lg:grid-cols-2">
          <pre className="overflow-auto rounded-lg bg-slate-900 p-4 font-mono text-xs text-slate-100" data-testid="example-body">
            {JSON.stringify(exampleBatchBody(stream), null, 2)}
          </pre>
          <dl className="space-y-2 text-sm">
            {forwardedFieldDocs().map((f) => (
              <div key={f.field}>
                <dt className="font-mono text-xs text-slate-900">
                  {f.field} <span className="text-slate-400">{f.type}</span>
                </dt>
                {f.description && <dd className="text-xs text-slate-500">{f.description}</dd>}
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>
    </>
  );
}
