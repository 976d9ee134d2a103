import { Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LedgerAttempts } from "@/components/delivery/ledger-attempts";
import { LedgerDeadLetters } from "@/components/delivery/ledger-dead-letters";
import { PageHeader } from "@/components/layout/page-header";
import { StatCard } from "@/components/overview/stat-card";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber, formatTimestamp } from "@/components/ui/format";
import { TimeAgo } from "@/components/ui/time-ago";
import { ActionStateActions, ReplayButton } from "@/components/webhook-actions/action-controls";
import { ActionStatusBadge } from "@/components/webhook-actions/action-status-badge";
import { RequestSummary } from "@/components/webhook-actions/request-summary";
import { SimulatorPanel } from "@/components/webhook-actions/simulator-panel";
import { VersionList, type VersionItem } from "@/components/webhook-actions/version-list";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { describeSchedule } from "@/lib/delivery/retry-schedule";
import { isAppError } from "@/lib/errors";
import { actionAttempts, actionDeadLetters, actionVersions, getAction } from "@/lib/webhook-actions/get-action";
import {
  deleteActionAction,
  replayActionAction,
  searchPeopleAction,
  sendTestAction,
  setActionStateAction,
  simulateAction,
} from "../actions";

export const metadata: Metadata = { title: "Webhook action" };

type Props = { params: Promise<{ id: string }> };

const bannerTone = {
  draft: "info",
  flowing: "success",
  idle: "info",
  retrying: "warning",
  throttled: "warning",
  holding: "error",
  paused: "info",
} as const;

async function versionItems(id: string, current: number): Promise<VersionItem[]> {
  const rows = await actionVersions(id);
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    changes: r.changes,
    current: r.version === current,
  }));
}

export default async function WebhookActionPage({ params }: Props) {
  const { id } = await params;
  const actor = await pageActor();
  const action = await getAction(id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const [{ attempts }, { deadLetters }, versions] = await Promise.all([
    actionAttempts(id, { limit: 10 }),
    actionDeadLetters(id, { limit: 50 }),
    versionItems(id, action.version),
  ]);
  const editor = hasRole(actor.role, "editor");
  const { figures: f, state } = action;
  const skippedDetail = f.skippedByReason.length
    ? f.skippedByReason.map((s) => `${formatNumber(s.count)} ${s.words.toLowerCase()}`).join(" · ")
    : "Nothing skipped";

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/webhook-actions" className="text-slate-500 hover:text-indigo-700">
          ← Webhook actions
        </Link>
      </nav>
      <PageHeader
        title={action.name}
        description={action.fires}
        actions={
          editor ? (
            <>
              <Link href={`/webhook-actions/${id}/edit`} className={`${buttonClasses({ variant: "secondary" })} self-start`}>
                <Pencil aria-hidden /> Edit
              </Link>
              <ActionStateActions
                actionId={id}
                state={state}
                queued={f.queued + f.dead}
                setState={setActionStateAction}
                remove={deleteActionAction}
              />
            </>
          ) : null
        }
      />
      <LiveRefresh active={state !== "draft"} everyMs={3_000} />

      <Alert tone={bannerTone[f.status.state]} className="mb-6">
        <div data-testid="action-banner">
          <div className="flex items-center gap-2">
            <ActionStatusBadge state={state} stateWord={action.stateWord} status={f.status} />
            {f.status.since && (
              <span className="text-xs">
                since <TimeAgo date={f.status.since} />
              </span>
            )}
            <span className="text-xs text-slate-500">· version {action.version}</span>
          </div>
          <p className="mt-1">
            {state === "draft" ? "Nothing is sent until you set it live. Try it in the simulator below first." : f.status.reason}
          </p>
        </div>
      </Alert>

      <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6" data-testid="action-figures">
        <StatCard label="Sent" value={formatNumber(f.sent24h)} detail="Delivered, last 24 hours (tests included)" />
        <StatCard
          label="Waiting"
          value={formatNumber(f.pending)}
          detail={
            state === "paused"
              ? "Held while paused; sent when set live again"
              : action.delaySeconds
                ? "For their delay to end"
                : "About to be sent"
          }
        />
        <StatCard label="Retrying" value={formatNumber(f.retrying)} detail="Failed, trying again" />
        <StatCard
          label="Held"
          value={formatNumber(f.held)}
          detail={state === "paused" ? "Until it is set live again" : "Behind the same person's retry"}
        />
        <StatCard label="Dead" value={formatNumber(f.dead)} detail="Out of retries; replay below" />
        <StatCard
          label="Skipped"
          value={formatNumber(f.skipped24h)}
          detail={<span data-testid="skipped-detail">Last 24 hours: {skippedDetail}</span>}
        />
      </div>

      <Card className="mt-6">
        <CardHeader
          title="Simulator"
          description="Render the request for a real person (and event) exactly as it would go, with every missing attribute flagged; then send a test."
        />
        <CardBody>
          <SimulatorPanel
            actionId={id}
            segment={action.segment}
            eventTrigger={action.trigger.kind === "event"}
            canSend={editor}
            simulate={simulateAction}
            sendTest={sendTestAction}
            searchPeople={searchPeopleAction}
          />
        </CardBody>
      </Card>

      <LedgerAttempts
        attempts={attempts}
        description="Every request, newest first, test sends included. Responses are redacted and cut short."
        empty={
          state === "draft"
            ? "No requests yet. Send a test from the simulator, or set it live."
            : "No requests yet: they start when the trigger fires."
        }
      />

      <LedgerDeadLetters
        rows={deadLetters}
        description={`Requests that failed every retry (${describeSchedule(action.retrySchedule)}). They are kept until you replay them, as rendered then, under the same webhook-id.`}
        columns={[
          {
            header: "Person",
            className: "font-mono text-xs",
            cell: (d) => (
              <>
                {d.personLabel}
                {d.test && <div className="font-sans text-slate-500">Test</div>}
              </>
            ),
          },
          {
            header: "Fired by",
            className: "text-xs",
            cell: (d) => (
              <>
                {d.trigger === "enter" ? "Entered" : d.trigger === "exit" ? "Left" : d.trigger === "event" ? "Event" : "—"}
                {d.version !== null && <span className="text-slate-500"> · version {d.version}</span>}
              </>
            ),
          },
        ]}
        replayAll={editor ? <ReplayButton actionId={id} action={replayActionAction} label="Replay all dead" /> : undefined}
        replay={
          editor ? (d) => <ReplayButton actionId={id} deliveryId={d.deliveryId} action={replayActionAction} label="Replay" /> : undefined
        }
      />

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="The request" description={`Version ${action.version}, as saved. Secrets are referenced by name.`} />
          <CardBody>
            <RequestSummary action={action} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Versions"
            description="A live action's change to what it sends makes a new version; each request names the version it was rendered from."
          />
          <CardBody>
            <VersionList versions={versions} />
            <p className="mt-2 text-xs text-slate-500">Created {formatTimestamp(action.createdAt)}.</p>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
