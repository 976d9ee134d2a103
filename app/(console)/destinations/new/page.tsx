import type { Metadata } from "next";
import Link from "next/link";
import { DestinationForm } from "@/components/destinations/destination-form";
import { KindIcon } from "@/components/destinations/kind-icon";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { requirePageRole } from "@/app/(console)/syncs/page-role";
import { destinationKinds } from "@/lib/destinations/destination-form";
import { createDestinationAction } from "../actions";

export const metadata: Metadata = { title: "Connect destination" };

const blurbs: Record<string, string> = {
  webhook: "Signed JSON batches of adds and removes to your endpoint.",
  warehouse: "Membership and every change, in tables in your Postgres.",
  meta: "Custom Audiences from a customer list.",
  google_ads: "Customer Match user lists, through the Data Manager API (or the Google Ads API for accounts already allowlisted).",
  tiktok: "Custom audiences from hashed identifiers.",
};

type Props = { searchParams: Promise<{ kind?: string }> };

export default async function NewDestinationPage({ searchParams }: Props) {
  const denied = await requirePageRole("editor");
  const kinds = destinationKinds();
  const { kind } = await searchParams;
  const spec = kinds.find((k) => k.kind === kind);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/destinations" className="text-slate-500 hover:text-indigo-700">
          ← Destinations
        </Link>
      </nav>
      <PageHeader
        title={spec ? `Connect ${spec.label}` : "Connect a destination"}
        description={spec ? blurbs[spec.kind] : "Choose where audiences should go."}
      />
      {denied ? (
        <Alert tone="info">{denied}</Alert>
      ) : spec ? (
        <Card className="max-w-2xl">
          <CardBody>
            <DestinationForm spec={spec} action={createDestinationAction} />
          </CardBody>
        </Card>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {kinds.map((k) => (
            <Link
              key={k.kind}
              href={`/destinations/new?kind=${k.kind}`}
              data-testid={`kind-${k.kind}`}
              className="group rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300"
            >
              <div className="flex items-center gap-2 font-medium text-slate-900 group-hover:text-indigo-700">
                <KindIcon kind={k.kind} className="size-5 text-indigo-600" />
                {k.label}
              </div>
              <p className="mt-2 text-sm text-slate-500">{blurbs[k.kind]}</p>
              <p className="mt-3 text-xs text-slate-400">
                Sends {k.identifiers.join(", ").replace("external_id", "external id")} · up to {k.maxBatchSize.toLocaleString("en-US")} per
                batch
              </p>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
