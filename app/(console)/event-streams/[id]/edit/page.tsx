import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { StreamForm } from "@/components/streams/stream-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { requirePageRole } from "@/app/(console)/syncs/page-role";
import { isAppError } from "@/lib/errors";
import { knownEventNames } from "@/lib/streams/check-stream-selector";
import { getStream } from "@/lib/streams/get-stream";
import { updateStreamAction } from "../../actions";

export const metadata: Metadata = { title: "Edit event stream" };

type Props = { params: Promise<{ id: string }> };

// The New stream form filled with what is saved. Viewers are told they cannot edit (and the
// action refuses them anyway); secrets never reach the page, only whether they are set.
export default async function EditEventStreamPage({ params }: Props) {
  const { id } = await params;
  const denied = await requirePageRole("editor");
  const stream = await getStream(id).catch((e: unknown) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  const knownEvents = denied ? [] : await knownEventNames(1_000);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={`/event-streams/${id}`} className="text-slate-500 hover:text-indigo-700">
          ← {stream.name}
        </Link>
      </nav>
      <PageHeader
        title={`Edit ${stream.name}`}
        description="Change which events this stream forwards and how it sends them. Saving checks everything again, as creating does."
      />
      {denied ? (
        <Alert tone="info">{denied}</Alert>
      ) : (
        <Card className="max-w-3xl">
          <CardBody>
            <StreamForm
              knownEvents={knownEvents}
              action={updateStreamAction}
              initial={{
                id: stream.id,
                name: stream.name,
                selector: stream.selector,
                kind: stream.destination.kind,
                settings: stream.destination.settings,
                credentialsSet: stream.destination.credentialsSet,
              }}
            />
          </CardBody>
        </Card>
      )}
    </>
  );
}
