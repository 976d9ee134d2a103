import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { LiftOptionsForm } from "@/components/measurement/lift-options-form";
import { LiftReportView } from "@/components/measurement/lift-report-view";
import { Alert } from "@/components/ui/alert";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { liftOptions } from "@/lib/measurement/lift-report";
import { syncLiftReport } from "@/lib/measurement/lift-report";

export const metadata: Metadata = { title: "Lift" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SyncLiftPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const { id } = await params;
  const raw = await searchParams;
  const pick = (k: string) => (typeof raw[k] === "string" && raw[k] !== "" ? raw[k] : undefined);
  const parsed = liftOptions.safeParse({ event: pick("event"), property: pick("property"), windowDays: pick("windowDays") });
  const options = parsed.success ? parsed.data : liftOptions.parse({});
  const report = await syncLiftReport(actor, id, options).catch((e) =>
    isAppError(e) && e.code === "not_found" ? null : Promise.reject(e),
  );
  if (!report) notFound();
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={`/syncs/${id}`} className="text-slate-500 hover:text-indigo-700">
          ← {report.sync.name}
        </Link>
      </nav>
      <PageHeader
        title={`Lift: ${report.sync.name}`}
        description={
          report.sync.holdoutPercent
            ? `People this sync delivered, against the ${report.sync.holdoutPercent}% it holds out, from the moment each was first sent or held out.`
            : "This sync has no holdout now; figures below come from any holdout it recorded before."
        }
      />
      <div className="space-y-6">
        <LiftOptionsForm options={options} />
        {!parsed.success && (
          <Alert tone="warning" title="Some options were not valid">
            Showing the default report instead: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.
          </Alert>
        )}
        <LiftReportView report={report} treatedLabel="Got the audience" controlLabel="Held out" />
      </div>
    </>
  );
}
