import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "@/app/(console)/syncs/page-role";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { ActionForm } from "@/components/webhook-actions/action-form";
import { formFromDefinition } from "@/components/webhook-actions/action-form-values";
import { isAppError } from "@/lib/errors";
import { listSegments } from "@/lib/segments/queries";
import { knownEventNames } from "@/lib/streams/check-stream-selector";
import { getAction } from "@/lib/webhook-actions/get-action";
import { updateActionAction } from "../../actions";

export const metadata: Metadata = { title: "Edit webhook action" };

type Props = { params: Promise<{ id: string }> };

export default async function EditWebhookActionPage({ params }: Props) {
  const { id } = await params;
  const denied = await requirePageRole("editor");
  const action = await getAction(id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const [segments, knownEvents] = denied ? [[], []] : await Promise.all([listSegments(), knownEventNames(1_000)]);
  // The action's own segment stays choosable even if it was archived since.
  const choosable = segments.filter((s) => !s.archivedAt || s.id === action.segment?.id).map((s) => ({ id: s.id, name: s.name }));
  const start = formFromDefinition({ ...action, description: action.description ?? undefined }, action.secrets);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={`/webhook-actions/${id}`} className="text-slate-500 hover:text-indigo-700">
          ← {action.name}
        </Link>
      </nav>
      <PageHeader
        title={`Edit ${action.name}`}
        description={
          action.state === "draft"
            ? "A draft: saving changes it in place. Nothing is sent until you set it live."
            : `This action is ${action.stateWord.toLowerCase()}. Saving a change to what it sends creates version ${action.version + 1}; requests already queued keep the version they were rendered from.`
        }
      />
      {denied ? (
        <Alert tone="info">{denied}</Alert>
      ) : (
        <Card className="max-w-4xl">
          <CardBody>
            <ActionForm
              start={start}
              segments={choosable}
              knownEvents={knownEvents}
              action={updateActionAction}
              saved={{
                id,
                state: action.state,
                version: action.version,
                secretNames: action.secrets.map((s) => s.name),
                retrySchedule: action.retrySchedule,
              }}
            />
          </CardBody>
        </Card>
      )}
    </>
  );
}
