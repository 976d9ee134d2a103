import { Send } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Destinations"
      summary="The ad accounts, webhooks and warehouses your audiences go to."
      icon={Send}
      role={actor.role}
      action={{ label: "Connect destination", requires: "editor" }}
      emptyTitle="No destinations connected"
      emptyDescription="Connect Meta, Google Ads and TikTok ad accounts, a webhook or your warehouse. Downstream checks the connection and tells you in plain words when a token expires or terms need accepting."
    />
  );
}
