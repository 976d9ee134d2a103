import type { Metadata } from "next";
import { SectionHeader } from "@/components/layout/section-header";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { DEMO_INBOX, demoInboxUrl } from "@/lib/monitoring/notifications/demo-inbox-address";
import { listChannels, type ChannelStatus } from "@/lib/monitoring/notifications/list-channels";
import { ChannelDialog } from "./channel-dialog";
import { DeleteChannelButton, SendTestButton } from "./channel-row-actions";

export const metadata: Metadata = { title: "Notifications · Settings" };
export const dynamic = "force-dynamic";

const TONES: Record<ChannelStatus["state"], BadgeTone> = {
  working: "success",
  failing: "danger",
  holding: "danger",
  paused: "warning",
  unused: "neutral",
};

export default async function NotificationsPage() {
  const actor = await pageActor();
  const canManage = hasRole(actor.role, "editor");
  const channels = await listChannels();
  const demo = ["1", "true"].includes(process.env.DEMO_MODE ?? "");
  const demoInbox =
    demo && channels.some((c) => c.kind === "email" && c.settings.host === DEMO_INBOX.host && c.settings.port === DEMO_INBOX.smtpPort);

  return (
    <>
      <SectionHeader
        title="Notifications"
        description="Where alerts are sent: email, Slack, PagerDuty or a signed webhook. Every notification is retried until the channel takes it, and each attempt is recorded here."
        actions={canManage ? <ChannelDialog /> : null}
      />
      {!canManage && (
        <Alert tone="info" className="mb-4">
          Only editors and admins can add, change or test notification channels.
        </Alert>
      )}
      {demoInbox && (
        <Alert tone="info" className="mb-4">
          Demo: email to “Demo inbox” goes to a real mail server on this machine. Read it at{" "}
          <a href={demoInboxUrl()} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 underline">
            {demoInboxUrl()}
          </a>
          .
        </Alert>
      )}
      {channels.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
          No notification channels yet. Add one, then choose it in an alert rule.
        </div>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Sends to</TH>
              <TH>Status</TH>
              <TH>Last notification</TH>
              {canManage && <TH className="text-right">Manage</TH>}
            </TR>
          </THead>
          <TBody>
            {channels.map((c) => (
              <TR key={c.id} data-testid="channel-row">
                <TD>
                  <div className="font-medium text-slate-900">{c.name}</div>
                  <div className="text-xs text-slate-500">{c.kindWord}</div>
                </TD>
                <TD className="max-w-64 text-sm break-words text-slate-600">{c.label}</TD>
                <TD className="max-w-80">
                  <Badge tone={TONES[c.status.state]}>{c.status.word}</Badge>
                  {c.status.reason && <div className="mt-1 text-xs break-words text-slate-600">{c.status.reason}</div>}
                  {c.dead > 0 && (
                    <div className="mt-1 text-xs text-red-700">
                      {c.dead.toLocaleString("en-US")} notification{c.dead === 1 ? "" : "s"} gave up after every retry and{" "}
                      {c.dead === 1 ? "is" : "are"} kept.
                    </div>
                  )}
                </TD>
                <TD>
                  {c.lastAttempt ? (
                    <>
                      <TimeAgo date={c.lastAttempt.at} />
                      <div className="text-xs text-slate-500">{c.lastAttempt.outcomeWord}</div>
                    </>
                  ) : (
                    <span className="text-sm text-slate-400">Never</span>
                  )}
                </TD>
                {canManage && (
                  <TD className="text-right">
                    <div className="flex justify-end gap-2">
                      <SendTestButton channelId={c.id} name={c.name} />
                      <ChannelDialog channel={{ id: c.id, name: c.name, kind: c.kind, settings: c.settings, secrets: c.secrets }} />
                      <DeleteChannelButton channelId={c.id} name={c.name} queued={c.queued} />
                    </div>
                  </TD>
                )}
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
