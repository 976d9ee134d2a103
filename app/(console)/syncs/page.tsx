import { RefreshCw } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Syncs" };

export default async function SyncsPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Syncs"
      summary="Keep a destination audience in step with a segment."
      icon={RefreshCw}
      role={actor.role}
      action={{ label: "New sync", requires: "editor" }}
      emptyTitle="No syncs yet"
      emptyDescription="Send a segment to an audience. Every run works out exactly who to add and who to remove, applies suppression rules and holdouts, and keeps a run history with per-person errors."
    />
  );
}
