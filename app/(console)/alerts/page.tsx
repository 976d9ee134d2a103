import { BellRing, CircleCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AcknowledgeButton } from "@/components/alerts/acknowledge-button";
import { AlertRuleDialog } from "@/components/alerts/alert-rule-dialog";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { DeleteButton } from "@/components/syncs/delete-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { describeRule } from "@/lib/monitoring/alerts/describe-rule";
import { listAlerts, type AlertView } from "@/lib/monitoring/alerts/list-alerts";
import { loadRules } from "@/lib/monitoring/alerts/load-rules";
import { destinationChoices, streamChoices } from "@/lib/monitoring/alerts/rule-choices";
import { listChannels } from "@/lib/monitoring/notifications/list-channels";
import { syncChoices } from "@/lib/sync/sync-options";
import { acknowledgeAlertAction, createAlertRuleAction, deleteAlertRuleAction, updateAlertRuleAction } from "./actions";

export const metadata: Metadata = { title: "Alerts" };

const SEVERITY = { critical: { tone: "danger", word: "Critical" }, warning: { tone: "warning", word: "Warning" } } as const;
const TRANSITION_WORDS: Record<string, string> = {
  opened: "Opened",
  severity_changed: "Severity changed",
  acknowledged: "Acknowledged",
  resolved: "Cleared",
};

function figureValue(v: number | string | null): string {
  if (v == null) return "—";
  return typeof v === "number" ? v.toLocaleString("en-US") : v;
}

function OpenAlert({ a, canAct }: { a: AlertView; canAct: boolean }) {
  const sev = SEVERITY[a.severity];
  // The sync, segment and destination names are in the title and links; the rest are the numbers.
  const numbers = Object.entries(a.figures).filter(([k]) => !["sync", "segment", "destination"].includes(k));
  return (
    <Card className={a.severity === "critical" ? "ring-red-200" : "ring-amber-200"}>
      <div id={`alert-${a.id}`} data-testid="open-alert" className="space-y-3 px-5 py-4">
        <div className="flex items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={sev.tone}>{sev.word}</Badge>
              {a.state === "acknowledged" ? (
                <Badge tone="neutral">Acknowledged by {a.acknowledgedBy}</Badge>
              ) : (
                <Badge tone="accent">Open</Badge>
              )}
              <span className="text-xs text-slate-500">
                since <TimeAgo date={a.openedAt} />
              </span>
            </div>
            <h2 className="mt-1.5 text-base font-semibold text-slate-900">{a.title}</h2>
            <p className="mt-1 text-sm text-slate-700">{a.summary}</p>
          </div>
          {canAct && a.state === "open" && <AcknowledgeButton alertId={a.id} action={acknowledgeAlertAction} />}
        </div>
        <div className="rounded-md bg-slate-50 px-3 py-2 text-sm">
          <span className="font-medium text-slate-900">Likely cause: </span>
          <span className="text-slate-700" data-testid="alert-cause">
            {a.cause ?? "Nothing changed around it that we can see: the run record has the details."}
          </span>
        </div>
        {numbers.length > 0 && (
          <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            {numbers.map(([k, v]) => (
              <div key={k}>
                <dt className="text-xs text-slate-500 first-letter:uppercase">{k}</dt>
                <dd className="font-medium text-slate-900 tabular-nums">{figureValue(v)}</dd>
              </div>
            ))}
          </dl>
        )}
        <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
          <ol className="flex flex-wrap gap-x-4 gap-y-1">
            {a.transitions.map((t, i) => (
              <li key={i}>
                {TRANSITION_WORDS[t.transition] ?? t.transition} <TimeAgo date={t.occurredAt} />
                {t.actor ? ` by ${t.actor}` : ""}
                {t.notifications > 0 ? ` · ${t.notifications} notified` : ""}
              </li>
            ))}
          </ol>
          {a.syncId && (
            <Link href={`/syncs/${a.syncId}`} className="font-medium text-indigo-700 hover:text-indigo-900">
              Open the sync →
            </Link>
          )}
        </div>
      </div>
    </Card>
  );
}

export default async function AlertsPage() {
  const actor = await pageActor();
  const canEdit = hasRole(actor.role, "editor");
  const [active, resolved, rules, syncs, destinations, channels, endpoints] = await Promise.all([
    listAlerts({ state: "active" }),
    listAlerts({ state: "resolved" }, 50),
    loadRules(),
    syncChoices(),
    destinationChoices(),
    listChannels(),
    streamChoices(),
  ]);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  const scopeName = (s: { type: string; id?: string | null }) =>
    s.type === "all"
      ? "Everything"
      : s.type === "sync"
        ? `Sync: ${syncs.find((x) => x.id === s.id)?.name ?? "deleted"}`
        : `Destination: ${destinations.find((x) => x.id === s.id)?.name ?? "deleted"}`;
  const dialogProps = {
    syncs,
    destinations,
    channels: channels.map((c) => ({ id: c.id, name: c.name })),
    endpoints,
  };

  return (
    <>
      <PageHeader
        title="Alerts"
        description="What is wrong now, the numbers, and the likely cause. Rules are checked after every run and every minute; each alert notifies once when it opens, once if it gets worse and once when it clears."
        actions={canEdit ? <AlertRuleDialog {...dialogProps} action={createAlertRuleAction} /> : null}
      />
      <div className="space-y-8">
        <section aria-labelledby="open-alerts" className="space-y-3">
          <h2 id="open-alerts" className="text-sm font-semibold text-slate-900">
            Open now ({active.length})
          </h2>
          {active.length === 0 ? (
            <EmptyState icon={CircleCheck} title="Nothing needs attention" description="Every rule holds. Past alerts are listed below." />
          ) : (
            active.map((a) => <OpenAlert key={a.id} a={a} canAct={canEdit} />)
          )}
        </section>

        <Card>
          <CardHeader
            title="Rules"
            description="The first four are defaults every sync has: always on. Their severity, thresholds and who is told can change."
          />
          <Table>
            <THead>
              <TR>
                <TH>Rule</TH>
                <TH>Alerts when</TH>
                <TH>Severity</TH>
                <TH>Watches</TH>
                <TH>Tells</TH>
                {canEdit && <TH className="sr-only">Actions</TH>}
              </TR>
            </THead>
            <TBody>
              {rules.map((r) => (
                <TR key={r.id} data-testid="alert-rule">
                  <TD className="font-medium text-slate-900">
                    {r.name} {r.builtin && <Badge tone="neutral">Always on</Badge>}
                    {!r.enabled && <Badge tone="neutral">Off</Badge>}
                  </TD>
                  <TD className="max-w-md text-slate-600">{describeRule(r)}</TD>
                  <TD>
                    <Badge tone={SEVERITY[r.severity].tone}>{SEVERITY[r.severity].word}</Badge>
                  </TD>
                  <TD className="text-slate-600">{scopeName(r.scope)}</TD>
                  <TD className="text-slate-600">
                    {r.channelIds.length
                      ? r.channelIds.map((id) => channelName.get(id) ?? "a deleted channel").join(", ")
                      : "Shown here only"}
                  </TD>
                  {canEdit && (
                    <TD>
                      <div className="flex justify-end gap-2">
                        <AlertRuleDialog
                          {...dialogProps}
                          rule={{ ...r, params: r.params as Record<string, unknown> }}
                          action={updateAlertRuleAction}
                        />
                        {!r.builtin && (
                          <DeleteButton
                            label="Delete"
                            title={`Delete “${r.name}”?`}
                            description="Its open alerts are closed, and whoever it tells is told so."
                            input={{ ruleId: r.id }}
                            action={deleteAlertRuleAction}
                          />
                        )}
                      </div>
                    </TD>
                  )}
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>

        <Card>
          <CardHeader title="Past alerts" description="The last 50 that cleared, with what happened and why." />
          {resolved.length === 0 ? (
            <CardBody>
              <p className="flex items-center gap-2 text-sm text-slate-500">
                <BellRing className="size-4" aria-hidden /> No alert has cleared yet.
              </p>
            </CardBody>
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>What happened</TH>
                  <TH>Likely cause</TH>
                  <TH>Opened</TH>
                  <TH>Cleared</TH>
                </TR>
              </THead>
              <TBody>
                {resolved.map((a) => (
                  <TR key={a.id} data-testid="past-alert">
                    <TD className="max-w-sm">
                      <div className="flex items-center gap-2">
                        <Badge tone={SEVERITY[a.severity].tone}>{SEVERITY[a.severity].word}</Badge>
                        <span className="font-medium text-slate-900">{a.title}</span>
                      </div>
                      <p className="mt-1 text-xs text-slate-500">{a.summary}</p>
                    </TD>
                    <TD className="max-w-sm text-xs text-slate-600">{a.cause ?? "—"}</TD>
                    <TD className="whitespace-nowrap text-slate-600">
                      <TimeAgo date={a.openedAt} />
                    </TD>
                    <TD className="whitespace-nowrap text-slate-600">
                      <TimeAgo date={a.resolvedAt} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
