import { FlaskConical } from "lucide-react";
import type { Metadata } from "next";
import { AreaPlaceholder } from "@/components/layout/area-placeholder";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Validation" };

export default async function ValidationPage() {
  const actor = await pageActor();
  return (
    <AreaPlaceholder
      title="Validation"
      summary="Prove a sync works before you spend money on it."
      icon={FlaskConical}
      role={actor.role}
      action={{ label: "Start validation", requires: "editor" }}
      emptyTitle="No validation runs yet"
      emptyDescription="A step-by-step test cohort: add 10–50 test profiles to a sync, verify they reach the audience, remove them, and verify the audience shrinks again."
    />
  );
}
