import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { LiftOptionsForm } from "@/components/measurement/lift-options-form";
import { LiftReportView } from "@/components/measurement/lift-report-view";
import { Alert } from "@/components/ui/alert";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { liftOptions, tierGroupLiftReport } from "@/lib/measurement/lift-report";

export const metadata: Metadata = { title: "Tier group lift" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TierGroupLiftPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const { id } = await params;
  const raw = await searchParams;
  const pick = (k: string) => (typeof raw[k] === "string" && raw[k] !== "" ? raw[k] : undefined);
  const parsed = liftOptions.safeParse({ event: pick("event"), property: pick("property"), windowDays: pick("windowDays") });
  const options = parsed.success ? parsed.data : liftOptions.parse({});
  const report = await tierGroupLiftReport(actor, id, options).catch((e) =>
    isAppError(e) && e.code === "not_found" ? null : Promise.reject(e),
  );
  if (!report) notFound();
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/syncs/tiers" className="text-slate-500 hover:text-indigo-700">
          ← Intent tiers
        </Link>
      </nav>
      <PageHeader
        title={`Lift: ${report.group.name}`}
        description={`Everyone its ${report.group.syncs} tiers delivered, against everyone they held out, from the first time any tier sent or held out each person. Someone sent by one tier and held out by another is in neither group.`}
      />
      <div className="space-y-6">
        <LiftOptionsForm options={options} />
        {!parsed.success && (
          <Alert tone="warning" title="Some options were not valid">
            Showing the default report instead: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.
          </Alert>
        )}
        <LiftReportView
          report={report}
          treatedLabel="Got a tier's audience"
          controlLabel="Held out"
          excludedBecause="one tier sent them and another held them out, or a holdout share changed"
        />
      </div>
    </>
  );
}
