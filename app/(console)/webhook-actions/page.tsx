import { Plus, Webhook } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { buttonClasses } from "@/components/ui/button";
import { formatCount, formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { ActionStatusBadge } from "@/components/webhook-actions/action-status-badge";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listActions } from "@/lib/webhook-actions/list-actions";

export const metadata: Metadata = { title: "Webhook actions" };

const figureClass = (n: number, bad = false) =>
  `text-right tabular-nums ${n === 0 ? "text-slate-400" : bad ? "font-medium text-red-700" : ""}`;

export default async function WebhookActionsPage() {
  const actor = await pageActor();
  const actions = await listActions();
  const create = hasRole(actor.role, "editor") ? (
    <Link href="/webhook-actions/new" className={buttonClasses()}>
      <Plus aria-hidden />
      New webhook action
    </Link>
  ) : null;
  const live = actions.filter((a) => a.state === "live").length;

  return (
    <>
      <PageHeader
        title="Webhook actions"
        description={
          actions.length
            ? `${formatCount(actions.length, "action")}, ${live} live. Each sends your own request, written in Liquid, when a person enters or leaves a segment or does an event; failed requests are retried and never dropped.`
            : "Call another tool when someone enters or leaves a segment or does an event."
        }
        actions={create}
      />
      <LiveRefresh active={live > 0} everyMs={5_000} />
      {actions.length === 0 ? (
        <EmptyState
          icon={Webhook}
          title="No webhook actions yet"
          description="Send a request of your own to any HTTP endpoint when a person enters or leaves a segment or does an event, with the payload written in Liquid — the template language you already use in Customer.io. Start from a template: cart abandoners to your CRM, new VIPs to Slack, unsubscribes to a suppression list."
        >
          {create}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Action</TH>
              <TH>State</TH>
              <TH className="text-right">Sent, 24 h</TH>
              <TH className="text-right">Retrying</TH>
              <TH className="text-right">Held</TH>
              <TH className="text-right">Dead</TH>
              <TH className="text-right">Skipped, 24 h</TH>
            </TR>
          </THead>
          <TBody>
            {actions.map((a) => {
              const f = a.figures;
              return (
                <TR key={a.id} data-testid="action-row">
                  <TD>
                    <Link href={`/webhook-actions/${a.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                      {a.name}
                    </Link>
                    <div className="mt-0.5 max-w-lg text-xs text-slate-500" data-testid="action-fires">
                      {a.fires}
                    </div>
                    <div className="mt-0.5 max-w-lg truncate font-mono text-xs text-slate-400">
                      {a.request.method} {a.request.url}
                    </div>
                  </TD>
                  <TD>
                    {f && <ActionStatusBadge state={a.state} stateWord={a.stateWord} status={f.status} />}
                    {f?.status.reason && a.state !== "draft" && (
                      <p className="mt-1 max-w-xs truncate text-xs text-slate-500" title={f.status.reason}>
                        {f.status.reason}
                      </p>
                    )}
                  </TD>
                  <TD className={figureClass(f?.sent24h ?? 0)}>{formatNumber(f?.sent24h ?? 0)}</TD>
                  <TD className={figureClass(f?.retrying ?? 0)}>{formatNumber(f?.retrying ?? 0)}</TD>
                  <TD className={figureClass(f?.held ?? 0)}>{formatNumber(f?.held ?? 0)}</TD>
                  <TD className={figureClass(f?.dead ?? 0, true)}>{formatNumber(f?.dead ?? 0)}</TD>
                  <TD className={figureClass(f?.skipped24h ?? 0)}>{formatNumber(f?.skipped24h ?? 0)}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </>
  );
}
