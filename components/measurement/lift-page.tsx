import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { LiftOptionsForm } from "@/components/measurement/lift-options-form";
import { LiftReportView } from "@/components/measurement/lift-report-view";
import { Alert } from "@/components/ui/alert";
import { liftOptions, type LiftOptions, type LiftReport } from "@/lib/measurement/lift-report";

// The frame a lift report page shares (a sync's, a tier group's): where it came from, what is
// compared, the options form, a note when the URL's options were not valid, and the report.

type SearchParams = Record<string, string | string[] | undefined>;

/** The report's options from the page's URL; invalid ones fall back to the defaults, with the problems in words. */
export function liftOptionsFromSearch(raw: SearchParams): { options: LiftOptions; problems: string | null } {
  const pick = (k: string) => (typeof raw[k] === "string" && raw[k] !== "" ? raw[k] : undefined);
  const parsed = liftOptions.safeParse({ event: pick("event"), property: pick("property"), windowDays: pick("windowDays") });
  if (parsed.success) return { options: parsed.data, problems: null };
  return { options: liftOptions.parse({}), problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

export function LiftPage(props: {
  back: { href: string; label: string };
  title: string;
  description: string;
  options: LiftOptions;
  problems: string | null;
  report: LiftReport;
  treatedLabel: string;
  excludedBecause?: string;
}) {
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href={props.back.href} className="text-slate-500 hover:text-indigo-700">
          ← {props.back.label}
        </Link>
      </nav>
      <PageHeader title={props.title} description={props.description} />
      <div className="space-y-6">
        <LiftOptionsForm options={props.options} />
        {props.problems && (
          <Alert tone="warning" title="Some options were not valid">
            Showing the default report instead: {props.problems}.
          </Alert>
        )}
        <LiftReportView
          report={props.report}
          treatedLabel={props.treatedLabel}
          controlLabel="Held out"
          excludedBecause={props.excludedBecause}
        />
      </div>
    </>
  );
}
