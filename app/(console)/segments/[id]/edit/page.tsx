import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { SegmentBuilder } from "@/components/segments/builder/segment-builder";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { builderCatalog } from "@/lib/segments/builder-catalog";
import { getSegment } from "@/lib/segments/queries";
import { storedDefinition } from "@/lib/segments/store";
import { realtimeSeconds } from "@/lib/segments/realtime/realtime-settings";
import { segmentImpactAction, updateSegmentAction } from "../../actions";

export const metadata: Metadata = { title: "Edit segment" };

type Props = { params: Promise<{ id: string }> };

export default async function EditSegmentPage({ params }: Props) {
  const actor = await pageActor();
  const { id } = await params;
  if (!hasRole(actor.role, "editor")) redirect(`/segments/${id}`);
  const segment = await getSegment(id).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!segment) notFound();
  const catalog = await builderCatalog();
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={`/segments/${id}`} className="text-slate-500 hover:text-indigo-700">
          ← {segment.name}
        </Link>
      </nav>
      <PageHeader
        title={`Edit “${segment.name}”`}
        description={`Version ${segment.version}. The preview shows who would enter and leave before you save.`}
      />
      <SegmentBuilder
        mode="edit"
        segmentId={id}
        initial={{
          name: segment.name,
          description: segment.description,
          refreshIntervalMinutes: segment.refreshIntervalMinutes,
          definition: storedDefinition(segment.definition),
        }}
        catalog={catalog}
        realtime={realtimeSeconds() > 0}
        save={updateSegmentAction.bind(null, id)}
        checkImpact={segmentImpactAction.bind(null, id)}
      />
    </>
  );
}
