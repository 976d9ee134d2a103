import { ShieldOff } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { DeleteButton } from "@/components/syncs/delete-button";
import { RuleDialog } from "@/components/syncs/rule-dialog";
import { RuleToggle } from "@/components/syncs/rule-toggle";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { formatCount, formatNumber, formatPercent } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listSuppressionRules } from "@/lib/suppression/list-suppression-rules";
import { ruleSegmentChoices } from "@/lib/suppression/rule-segment-choices";
import { syncChoices } from "@/lib/sync/sync-options";
import { createRuleAction, deleteRuleAction, toggleRuleAction } from "./actions";

export const metadata: Metadata = { title: "Suppression" };

export default async function SuppressionPage() {
  const actor = await pageActor();
  const canEdit = hasRole(actor.role, "editor");
  const [rules, segments, syncs] = await Promise.all([listSuppressionRules(), ruleSegmentChoices(), syncChoices()]);

  return (
    <>
      <PageHeader
        title="Suppression"
        description="One set of rules for every destination: members of a rule's segment are never sent in an add, and leave audiences they are in. Counts below are live."
        actions={canEdit ? <RuleDialog segments={segments} syncs={syncs} action={createRuleAction} /> : null}
      />
      {rules.length === 0 ? (
        <EmptyState
          icon={ShieldOff}
          title="No suppression rules"
          description="Start with recent purchasers: they should leave every promotional audience at once, not at the next refresh of each destination."
        />
      ) : (
        <div className="space-y-6">
          {rules.map((r) => (
            <Card key={r.id}>
              <CardHeader
                title={
                  <span className="flex items-center gap-2" data-testid="rule-name">
                    {r.name}
                    {!r.enabled && <Badge tone="neutral">Disabled</Badge>}
                  </span>
                }
                description={
                  <>
                    Holds out the {formatCount(r.segmentSize, "member")} of{" "}
                    <Link href={`/segments/${r.segmentId}`} className="hover:text-indigo-700">
                      {r.segmentName}
                    </Link>{" "}
                    from{" "}
                    {r.scope === "all_promotional"
                      ? "every promotional sync"
                      : `${r.selectedSyncIds.length} chosen sync${r.selectedSyncIds.length === 1 ? "" : "s"}`}
                    .
                  </>
                }
                action={
                  canEdit ? (
                    <div className="flex gap-2">
                      <RuleToggle ruleId={r.id} enabled={r.enabled} action={toggleRuleAction} />
                      <DeleteButton
                        label="Delete"
                        title={`Delete “${r.name}”?`}
                        description="Syncs stop holding these people out from their next run."
                        input={{ ruleId: r.id }}
                        action={deleteRuleAction}
                      />
                    </div>
                  ) : undefined
                }
              />
              {r.syncs.length === 0 ? (
                <p className="px-5 py-4 text-sm text-slate-500">
                  {r.enabled ? "Applies to no sync right now." : "Disabled: holds nobody out."}
                </p>
              ) : (
                <Table className="ring-0">
                  <THead>
                    <TR>
                      <TH>Sync</TH>
                      <TH className="text-right">Holding out now</TH>
                      <TH className="text-right">Of the sync&apos;s segment</TH>
                    </TR>
                  </THead>
                  <TBody>
                    {r.syncs.map((s) => (
                      <TR key={s.id} data-testid="coverage-row">
                        <TD>
                          <Link href={`/syncs/${s.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                            {s.name}
                          </Link>
                          {s.state !== "live" && (
                            <Badge tone="neutral" className="ml-2">
                              {s.state === "draft" ? "Draft" : s.state === "paused" ? "Paused" : s.state}
                            </Badge>
                          )}
                        </TD>
                        <TD className="text-right font-semibold tabular-nums">{formatNumber(s.heldOut)}</TD>
                        <TD className="text-right text-slate-500 tabular-nums">
                          {formatPercent(s.heldOut, s.segmentSize)} of {formatNumber(s.segmentSize)}
                        </TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              )}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
