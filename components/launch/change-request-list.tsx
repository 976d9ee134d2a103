"use client";

import { useState } from "react";
import { AudienceImpactTable } from "@/components/launch/audience-impact-table";
import { ReasonDialog } from "@/components/launch/reason-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatTimestamp } from "@/components/ui/format";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ChangeRequestView } from "@/lib/launch/change-requests";
import type { AudienceImpact } from "@/lib/launch/segment-impact";

type Diff = {
  state?: { before: string; after: string };
  fields?: { field: string; before: unknown; after: unknown }[];
  rules?: { kind: "added" | "removed" | "changed"; text: string }[];
  audiences?: AudienceImpact[];
};
const FIELD: Record<string, string> = { name: "Name", description: "Note", refreshIntervalMinutes: "Refresh interval (minutes)" };
const STATUS_TONE = { pending: "accent", approved: "success", rejected: "danger", superseded: "neutral" } as const;
const STATUS_WORD = { pending: "Waiting", approved: "Approved", rejected: "Rejected", superseded: "Replaced" } as const;

/** Change requests with what they would change; an admin approves or rejects each with a comment. */
export function ChangeRequestList({
  requests,
  isAdmin,
  decide,
}: {
  requests: ChangeRequestView[];
  isAdmin: boolean;
  decide: (input: unknown) => Promise<ActionResult>;
}) {
  const [deciding, setDeciding] = useState<{ request: ChangeRequestView; decision: "approve" | "reject" } | null>(null);
  if (!requests.length) return <p className="text-sm text-slate-500">Nothing here.</p>;
  return (
    <>
      <ul className="divide-y divide-slate-100">
        {requests.map((r) => {
          const diff = (r.diff ?? {}) as Diff;
          const status = r.status as keyof typeof STATUS_WORD;
          return (
            <li key={r.id} className="py-4" data-testid="change-request">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <p className="text-sm font-medium text-slate-900">
                    <a href={`/${r.entityType === "sync" ? "syncs" : "segments"}/${r.entityId}`} className="hover:text-indigo-700">
                      {r.title}
                    </a>{" "}
                    <Badge tone={STATUS_TONE[status] ?? "neutral"}>{STATUS_WORD[status] ?? r.status}</Badge>
                  </p>
                  <p className="text-xs text-slate-500">
                    Asked by {r.requestedBy} on {formatTimestamp(r.createdAt)}
                    {r.decidedBy && r.status !== "pending" && (
                      <>
                        {" "}
                        · {STATUS_WORD[status]} by {r.decidedBy}
                        {r.decidedAt && <> on {formatTimestamp(r.decidedAt)}</>}
                        {r.comment && <>: “{r.comment}”</>}
                      </>
                    )}
                  </p>
                </div>
                {isAdmin && r.status === "pending" && (
                  <div className="flex gap-2">
                    <Button size="sm" variant="secondary" onClick={() => setDeciding({ request: r, decision: "reject" })}>
                      Reject…
                    </Button>
                    <Button size="sm" onClick={() => setDeciding({ request: r, decision: "approve" })}>
                      Approve…
                    </Button>
                  </div>
                )}
              </div>
              <div className="mt-2 space-y-2 text-sm text-slate-700">
                {diff.state && <p>Sync state: {diff.state.before} → live. It starts sending at once when approved.</p>}
                {diff.fields?.map((f) => (
                  <p key={f.field}>
                    {FIELD[f.field] ?? f.field}: “{String(f.before ?? "")}” → “{String(f.after ?? "")}”
                  </p>
                ))}
                {!!diff.rules?.length && (
                  <ul className="space-y-0.5">
                    {diff.rules.map((c) => (
                      <li
                        key={`${c.kind}:${c.text}`}
                        className={c.kind === "added" ? "text-emerald-800" : c.kind === "removed" ? "text-red-800" : ""}
                      >
                        {c.kind === "added" ? "+ " : c.kind === "removed" ? "− " : "~ "}
                        {c.text}
                      </li>
                    ))}
                  </ul>
                )}
                {!!diff.audiences?.length && <AudienceImpactTable audiences={diff.audiences} />}
              </div>
            </li>
          );
        })}
      </ul>
      <ReasonDialog
        open={!!deciding}
        onClose={() => setDeciding(null)}
        title={deciding ? `${deciding.decision === "approve" ? "Approve" : "Reject"}: ${deciding.request.title}` : ""}
        description={
          deciding?.decision === "approve"
            ? "The change is applied at once, through the same checks as your own change (a go-live still needs its launch checklist to pass)."
            : "Nothing changes. The person who asked sees your comment here."
        }
        label={deciding?.decision === "approve" ? "Comment (optional)" : "Why you reject it"}
        confirm={deciding?.decision === "approve" ? "Approve" : "Reject"}
        optional={deciding?.decision === "approve"}
        onConfirm={(comment) => decide({ id: deciding!.request.id, decision: deciding!.decision, ...(comment && { comment }) })}
      />
    </>
  );
}
