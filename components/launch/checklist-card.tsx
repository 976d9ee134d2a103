"use client";

import { CircleCheck, CircleDashed, CircleMinus, CircleX } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { ReasonDialog } from "@/components/launch/reason-dialog";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatTimestamp } from "@/components/ui/format";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";
import type { Gate, GateKey } from "@/lib/launch/gates";
import type { LaunchChecklist } from "@/lib/launch/launch-checklist";

type Actions = {
  signoff: (input: unknown) => Promise<ActionResult>;
  plan: (input: unknown) => Promise<ActionResult>;
  goLive: (input: unknown) => Promise<ActionResult>;
};

const ICON: Record<Gate["status"], ReactNode> = {
  passed: <CircleCheck className="size-5 text-emerald-600" aria-hidden />,
  waived: <CircleMinus className="size-5 text-amber-600" aria-hidden />,
  failed: <CircleX className="size-5 text-red-600" aria-hidden />,
  not_applicable: <CircleDashed className="size-5 text-slate-400" aria-hidden />,
};
const STATUS_WORD: Record<Gate["status"], string> = {
  passed: "Passed",
  waived: "Waived",
  failed: "Open",
  not_applicable: "Does not apply",
};

/**
 * The sync's launch checklist: every gate computed by lib/launch, with what an editor can do
 * about the ones that are open (review the identity audit, waive with a reason, choose the alert
 * owner) and, for an admin, going live anyway with a reason.
 */
export function ChecklistCard({
  syncId,
  checklist,
  canEdit,
  isAdmin,
  people,
  ownerId,
  actions,
}: {
  syncId: string;
  checklist: LaunchChecklist;
  canEdit: boolean;
  isAdmin: boolean;
  people: { id: string; label: string }[];
  ownerId: string | null;
  actions: Actions;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [waiving, setWaiving] = useState<Gate | null>(null);
  const [overriding, setOverriding] = useState(false);
  const [pending, start] = useTransition();
  const open = checklist.gates.filter((g) => g.status === "failed").length;
  const run = (fn: () => Promise<ActionResult>) => {
    setError(null);
    start(async () => {
      const r = await fn();
      if (!r.ok) setError(r.error);
      else router.refresh();
    });
  };

  return (
    <div data-testid="launch-checklist" className="mt-6">
      <Card>
        <CardHeader
          title="Launch checklist"
          description="Checked by Downstream from the workspace's own records each time this page loads. A sync goes live once every gate passes, or an admin goes live anyway with a reason."
          action={
            checklist.ready ? (
              <Badge tone="success">Ready to go live</Badge>
            ) : (
              <Badge tone={checklist.state === "live" ? "warning" : "danger"}>{`${open} of ${checklist.gates.length} open`}</Badge>
            )
          }
        />
        <CardBody>
          {checklist.override && (
            <Alert tone="warning" title="Live by an admin's override" className="mb-4">
              <span data-testid="launch-override">
                {checklist.override.by} set it live on {formatTimestamp(checklist.override.at)} with open gates: “
                {checklist.override.reason}”
              </span>
            </Alert>
          )}
          {checklist.pendingRequestId && (
            <Alert tone="info" title="Waiting for approval" className="mb-4">
              Going live was requested and waits for an admin in Settings → Approvals.
            </Alert>
          )}
          {error && (
            <Alert tone="error" className="mb-4">
              {error}
            </Alert>
          )}
          <ul className="divide-y divide-slate-100">
            {checklist.gates.map((g) => (
              <li key={g.key} className="flex gap-3 py-3" data-testid="launch-gate" data-gate={g.key} data-status={g.status}>
                <span className="mt-0.5" title={STATUS_WORD[g.status]}>
                  {ICON[g.status]}
                </span>
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">
                    {g.label} <span className="sr-only">({STATUS_WORD[g.status]})</span>
                  </p>
                  <p className="text-sm text-slate-700" data-testid="gate-summary">
                    {g.summary}
                  </p>
                  {g.details.length > 0 && (
                    <ul className="mt-1 space-y-0.5 text-xs text-slate-500">
                      {g.details.map((d) => (
                        <li key={d}>{d}</li>
                      ))}
                    </ul>
                  )}
                  {canEdit && g.key === "alerts" && (
                    <label className="mt-2 flex items-center gap-2 text-xs text-slate-600">
                      <span className="whitespace-nowrap">Alert owner</span>
                      <span className="block w-72">
                        <Select
                          aria-label="Alert owner"
                          className="h-8 text-xs"
                          value={ownerId ?? ""}
                          disabled={pending}
                          onChange={(e) => run(() => actions.plan({ syncId, alertOwnerId: e.target.value || null }))}
                        >
                          <option value="">Nobody yet</option>
                          {people.map((p) => (
                            <option key={p.id} value={p.id}>
                              {p.label}
                            </option>
                          ))}
                        </Select>
                      </span>
                    </label>
                  )}
                </div>
                {canEdit && (
                  <GateAction
                    gate={g}
                    pending={pending}
                    onReview={() => run(() => actions.signoff({ syncId, kind: "review", gate: "identity" }))}
                    onWaive={() => setWaiving(g)}
                  />
                )}
              </li>
            ))}
          </ul>
          {isAdmin && !checklist.ready && checklist.state !== "live" && (
            <div className="mt-3 flex justify-end">
              <Button variant="secondary" size="sm" onClick={() => setOverriding(true)}>
                Go live anyway…
              </Button>
            </div>
          )}
        </CardBody>
        <ReasonDialog
          open={!!waiving}
          onClose={() => setWaiving(null)}
          title={waiving ? `Waive “${waiving.label}”` : ""}
          description="The waiver, your name and your reason are shown on this checklist and written to the audit log."
          label="Why this gate does not apply"
          confirm="Waive"
          onConfirm={(reason) => actions.signoff({ syncId, kind: "waiver", gate: waiving!.key as GateKey, reason })}
        />
        <ReasonDialog
          open={overriding}
          onClose={() => setOverriding(false)}
          title="Go live with open gates"
          description={`Open: ${checklist.gates
            .filter((g) => g.status === "failed")
            .map((g) => g.label)
            .join(", ")}. Your reason is shown on this checklist while the sync is live, and written to the audit log.`}
          label="Why it goes live now"
          confirm="Go live"
          onConfirm={(override) => actions.goLive({ syncId, state: "live", override })}
        />
      </Card>
    </div>
  );
}

function GateAction({ gate, pending, onReview, onWaive }: { gate: Gate; pending: boolean; onReview: () => void; onWaive: () => void }) {
  if (gate.key === "identity" && gate.status === "failed")
    return (
      <Button variant="secondary" size="sm" disabled={pending} onClick={onReview}>
        Mark reviewed
      </Button>
    );
  if (gate.waivable && gate.status === "failed")
    return (
      <Button variant="ghost" size="sm" disabled={pending} onClick={onWaive}>
        Waive…
      </Button>
    );
  return null;
}
