import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/syncs/live-refresh";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { ValidationSteps } from "@/components/validation/validation-steps";
import { RUN_STATE } from "@/components/validation/validation-words";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { getValidation } from "@/lib/validation/list-validations";

export const metadata: Metadata = { title: "Validation" };

export default async function ValidationRunPage({ params }: { params: Promise<{ id: string }> }) {
  await pageActor();
  const { id } = await params;
  const run = await getValidation(id).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const state = RUN_STATE[run.state]!;
  const outcome =
    run.state === "running"
      ? "Running: each step below updates as it finishes."
      : run.state === "passed"
        ? "Every check passed: this sync delivers the right people and takes them out again."
        : run.state === "failed"
          ? "A check failed: see the step marked Failed for what went wrong. The test profiles were still removed."
          : "Cancelled.";
  return (
    <div className="max-w-3xl space-y-6">
      <LiveRefresh active={run.state === "running"} />
      <PageHeader
        title={`Validation of ${run.syncName}`}
        description={
          <>
            {run.profileIds.length} test profile{run.profileIds.length === 1 ? "" : "s"}, started by {run.requestedBy}{" "}
            <TimeAgo date={run.createdAt} />.{" "}
            <Link href={`/syncs/${run.syncId}`} className="text-indigo-700 hover:underline">
              Open the sync
            </Link>
          </>
        }
        actions={<Badge tone={state.tone}>{state.word}</Badge>}
      />
      <p className="text-sm text-slate-700" data-testid="validation-outcome">
        {outcome}
      </p>
      <ValidationSteps steps={run.steps} />
    </div>
  );
}
