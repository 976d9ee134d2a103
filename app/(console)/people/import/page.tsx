import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { formatCount, formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { defaultCountry } from "@/lib/identity/default-country";
import { listImportJobs } from "@/lib/ingest/csv/import-jobs";
import { ImportWizard } from "./import-wizard";

const STATUS_LABEL: Record<string, string> = {
  pending: "Waiting for the file",
  running: "Importing",
  succeeded: "Imported",
  failed: "Stopped",
};

export const metadata: Metadata = { title: "Import CSV · People" };

export default async function ImportPage() {
  const actor = await pageActor();
  if (!hasRole(actor.role, "admin")) redirect("/people");
  const [country, jobs] = await Promise.all([defaultCountry(), listImportJobs(5)]);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/people" className="text-slate-500 hover:text-indigo-700">
          ← People
        </Link>
      </nav>
      <PageHeader
        title="Import CSV"
        description="Add or update people, or load past events, from a spreadsheet export. Files of any size stream straight into the database."
      />
      <ImportWizard defaultCountry={country} />
      {jobs.length > 0 && (
        <section className="mt-10">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">Recent imports</h2>
          <Table>
            <THead>
              <TR>
                <TH>File</TH>
                <TH>Status</TH>
                <TH>Rows</TH>
                <TH>Started</TH>
                <TH className="text-right">Errors</TH>
              </TR>
            </THead>
            <TBody>
              {jobs.map((j) => (
                <TR key={j.id}>
                  <TD className="font-medium text-slate-900">
                    {j.fileName} <span className="text-xs font-normal text-slate-400">({j.kind})</span>
                  </TD>
                  <TD>
                    <Badge
                      tone={
                        j.status === "succeeded" ? (j.rowsFailed ? "warning" : "success") : j.status === "failed" ? "danger" : "neutral"
                      }
                    >
                      {STATUS_LABEL[j.status] ?? j.status}
                    </Badge>
                  </TD>
                  <TD className="tabular-nums">
                    {formatNumber(j.rowsImported)} of {formatNumber(j.rowsTotal)}
                  </TD>
                  <TD>
                    <TimeAgo date={j.startedAt ?? j.createdAt} />
                  </TD>
                  <TD className="text-right">
                    {j.rowsFailed + j.warnings > 0 ? (
                      <a href={`/api/ingest/csv/${j.id}/errors`} download className="text-indigo-700 hover:underline">
                        {formatNumber(j.rowsFailed)} refused, {formatCount(j.warnings, "warning")}
                      </a>
                    ) : (
                      "—"
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </section>
      )}
    </>
  );
}
