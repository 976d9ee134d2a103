import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Event streams" };

export default async function EventStreamsPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Event streams"
      summary="Send events as they happen, not on a schedule."
      icon={Activity}
      role={actor.role}
      action={{ label: "New event stream", requires: "editor" }}
      emptyTitle="No event streams yet"
      emptyDescription="Stream segment entries and exits and email engagement to a webhook or warehouse in near real time, with delivery status and retries you can see."
    />
  );
}
