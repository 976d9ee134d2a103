import { Funnel } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Segments"
      summary="The groups of people you want to reach, defined once and used everywhere."
      icon={Funnel}
      role={actor.role}
      action={{ label: "New segment", requires: "editor" }}
      emptyTitle="No segments yet"
      emptyDescription="Define who matters once — 'checkout started, no purchase since, at least 2 hours ago' — with live size previews and intent tiers."
    />
  );
}
