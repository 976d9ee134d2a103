import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiftPage, liftOptionsFromSearch } from "@/components/measurement/lift-page";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { tierGroupLiftReport } from "@/lib/measurement/lift-report";

export const metadata: Metadata = { title: "Tier group lift" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TierGroupLiftPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const { id } = await params;
  const { options, problems } = liftOptionsFromSearch(await searchParams);
  const report = await tierGroupLiftReport(actor, id, options).catch((e) =>
    isAppError(e) && e.code === "not_found" ? null : Promise.reject(e),
  );
  if (!report) notFound();
  return (
    <LiftPage
      back={{ href: "/syncs/tiers", label: "Intent tiers" }}
      title={`Lift: ${report.group.name}`}
      description={`Everyone its ${report.group.syncs} tiers delivered, against everyone they held out, from the first time any tier sent or held out each person. Someone sent by one tier and held out by another is in neither group.`}
      options={options}
      problems={problems}
      report={report}
      treatedLabel="Got a tier's audience"
      excludedBecause="one tier sent them and another held them out, or a holdout share changed"
    />
  );
}
