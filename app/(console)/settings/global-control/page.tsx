import type { Metadata } from "next";
import Link from "next/link";
import { SectionHeader } from "@/components/layout/section-header";
import { GlobalControlForm } from "@/components/measurement/global-control-form";
import { Card, CardBody } from "@/components/ui/card";
import { formatTimestamp } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { describe, globalControlOverview } from "@/lib/measurement/global-control";
import { setGlobalControlAction } from "./actions";

export const metadata: Metadata = { title: "Global control · Settings" };
export const dynamic = "force-dynamic";

export default async function GlobalControlPage() {
  const actor = await pageActor();
  const { current, changes, population } = await globalControlOverview();
  const percent = current?.percent ?? 0;
  return (
    <>
      <SectionHeader
        title="Global control group"
        description="A fixed share of all people who never receive a promotional audience, so you can measure what all your marketing adds together. Transactional syncs still reach them."
      />
      <div className="space-y-6">
        <Card>
          <CardBody className="space-y-4">
            <p className="text-sm text-slate-700" data-testid="global-control-current">
              Now: <strong>{describe(percent)}</strong>
              {current && ` since ${formatTimestamp(current.changedAt)}, set by ${current.actorLabel}`}.{" "}
              <Link href="/measurement" className="text-indigo-700 hover:underline">
                See its lift report
              </Link>
            </p>
            <p className="text-sm text-slate-500">
              Who is in it is decided by a fixed hash of each person, so the same people stay in it from run to run; growing it keeps
              everyone already in it.
            </p>
            {hasRole(actor.role, "admin") ? (
              <GlobalControlForm current={percent} population={population} action={setGlobalControlAction} />
            ) : (
              <p className="text-sm text-slate-500">Only an admin can change it.</p>
            )}
          </CardBody>
        </Card>
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">History</h3>
          {changes.length === 0 ? (
            <p className="text-sm text-slate-500">Never changed: it has always been off.</p>
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>From</TH>
                  <TH>Until</TH>
                  <TH>Size</TH>
                  <TH>Changed by</TH>
                </TR>
              </THead>
              <TBody>
                {changes.map((c) => (
                  <TR key={c.id} data-testid="global-control-change">
                    <TD>{formatTimestamp(c.changedAt)}</TD>
                    <TD>{c.until ? formatTimestamp(c.until) : "now"}</TD>
                    <TD>{describe(c.percent)}</TD>
                    <TD>{c.actorLabel}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
