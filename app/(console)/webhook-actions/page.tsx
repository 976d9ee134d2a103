import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Webhook actions" };

export default async function WebhookActionsPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Webhook actions"
      summary="Call another tool when someone enters or leaves a segment."
      icon={Webhook}
      role={actor.role}
      action={{ label: "New webhook action", requires: "editor" }}
      emptyTitle="No webhook actions yet"
      emptyDescription="Trigger any HTTP endpoint when a person enters or leaves a segment, with the payload written in Liquid — the template language you already use in Customer.io."
    />
  );
}
