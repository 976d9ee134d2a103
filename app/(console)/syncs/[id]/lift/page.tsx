import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiftPage, liftOptionsFromSearch } from "@/components/measurement/lift-page";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { syncLiftReport } from "@/lib/measurement/lift-report";

export const metadata: Metadata = { title: "Lift" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SyncLiftPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const { id } = await params;
  const { options, problems } = liftOptionsFromSearch(await searchParams);
  const report = await syncLiftReport(actor, id, options).catch((e) =>
    isAppError(e) && e.code === "not_found" ? null : Promise.reject(e),
  );
  if (!report) notFound();
  return (
    <LiftPage
      back={{ href: `/syncs/${id}`, label: report.sync.name }}
      title={`Lift: ${report.sync.name}`}
      description={
        report.sync.holdoutPercent
          ? `People this sync delivered, against the ${report.sync.holdoutPercent}% it holds out, from the moment each was first sent or held out.`
          : "This sync has no holdout now; figures below come from any holdout it recorded before."
      }
      options={options}
      problems={problems}
      report={report}
      treatedLabel="Got the audience"
    />
  );
}
