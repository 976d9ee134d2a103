import { Plus, Send } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { KindIcon } from "@/components/destinations/kind-icon";
import { TestStatus } from "@/components/destinations/test-status";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { buttonClasses } from "@/components/ui/button";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listDestinations } from "@/lib/destinations/list-destinations";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  const actor = await pageActor();
  const destinations = await listDestinations();
  const canEdit = hasRole(actor.role, "editor");
  const connect = canEdit ? (
    <Link href="/destinations/new" className={buttonClasses()}>
      <Plus aria-hidden />
      Connect destination
    </Link>
  ) : null;

  return (
    <>
      <PageHeader title="Destinations" description="The ad accounts, webhooks and warehouses your audiences go to." actions={connect} />
      {destinations.length === 0 ? (
        <EmptyState
          icon={Send}
          title="No destinations connected"
          description="Connect a webhook or your warehouse, or a Meta, Google Ads or TikTok ad account. Downstream tests the connection and tells you in plain words when a token expires or terms need accepting."
        >
          {connect}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Type</TH>
              <TH>Connection</TH>
              <TH className="text-right">Syncs</TH>
            </TR>
          </THead>
          <TBody>
            {destinations.map((d) => (
              <TR key={d.id} data-testid="destination-row">
                <TD>
                  <Link href={`/destinations/${d.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                    {d.name}
                  </Link>
                </TD>
                <TD>
                  <span className="inline-flex items-center gap-2 text-slate-600">
                    <KindIcon kind={d.kind} />
                    {d.label}
                  </span>
                </TD>
                <TD>
                  <TestStatus verification={d.verification} />
                </TD>
                <TD className="text-right tabular-nums">{formatNumber(d.syncCount ?? 0)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
