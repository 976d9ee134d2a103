import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { SegmentBuilder } from "@/components/segments/builder/segment-builder";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { builderCatalog } from "@/lib/segments/builder-catalog";
import { templateByKey } from "@/lib/segments/templates";
import { realtimeSeconds } from "@/lib/segments/realtime/realtime-settings";
import { createSegmentAction } from "../actions";

export const metadata: Metadata = { title: "New segment" };

type Props = { searchParams: Promise<{ template?: string }> };

export default async function NewSegmentPage({ searchParams }: Props) {
  const actor = await pageActor();
  if (!hasRole(actor.role, "editor")) redirect("/segments");
  const { template: key } = await searchParams;
  const template = key ? templateByKey(key) : undefined;
  const catalog = await builderCatalog();
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/segments" className="text-slate-500 hover:text-indigo-700">
          ← Segments
        </Link>
      </nav>
      <PageHeader
        title={template ? `New segment from “${template.name}”` : "New segment"}
        description={
          template
            ? template.pitch
            : "Describe who should be in it, rule by rule. The preview updates as you go; nothing is saved until you press Save."
        }
      />
      <SegmentBuilder
        mode="create"
        initial={{ name: template?.name ?? "", description: null, refreshIntervalMinutes: 15, definition: template?.definition ?? null }}
        catalog={catalog}
        realtime={realtimeSeconds() > 0}
        save={createSegmentAction}
      />
    </>
  );
}
