import { Users } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="People"
      summary="Everyone your sources have told Downstream about."
      icon={Users}
      role={actor.role}
      action={{ label: "Import CSV", requires: "admin" }}
      emptyTitle="Look up anyone, see why they're in an audience"
      emptyDescription="Search by email, phone or ID to see a person's events, the segments they're in, and whether their email and phone will match on each ad platform."
    />
  );
}
