import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { StreamForm } from "@/components/streams/stream-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { requirePageRole } from "@/app/(console)/syncs/page-role";
import { knownEventNames } from "@/lib/streams/check-stream-selector";
import { createStreamAction } from "../actions";

export const metadata: Metadata = { title: "New event stream" };

export default async function NewEventStreamPage() {
  const denied = await requirePageRole("editor");
  const knownEvents = denied ? [] : await knownEventNames(1_000);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/event-streams" className="text-slate-500 hover:text-indigo-700">
          ← Event streams
        </Link>
      </nav>
      <PageHeader
        title="New event stream"
        description="Choose which events to forward and where. Events that arrive after you create the stream are sent; to send earlier ones, replay a time range from the stream's page."
      />
      {denied ? (
        <Alert tone="info">{denied}</Alert>
      ) : (
        <Card className="max-w-3xl">
          <CardBody>
            <StreamForm knownEvents={knownEvents} action={createStreamAction} />
          </CardBody>
        </Card>
      )}
    </>
  );
}
