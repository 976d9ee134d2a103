import { Bell } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Alerts"
      summary="Hear about problems before a campaign underdelivers."
      icon={Bell}
      role={actor.role}
      action={{ label: "New alert rule", requires: "editor" }}
      emptyTitle="No alert rules yet"
      emptyDescription="Get told when a sync fails, an audience shrinks unexpectedly, match rates drop, or a platform token expires — with the cause, not just 'Internal error'."
    />
  );
}
