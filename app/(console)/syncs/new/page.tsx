import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { SyncWizard } from "@/components/syncs/sync-wizard";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { syncOptions } from "@/lib/sync/sync-options";
import { createSyncAction } from "../actions";
import { requirePageRole } from "../page-role";

export const metadata: Metadata = { title: "New sync" };

export default async function NewSyncPage({ searchParams }: { searchParams: Promise<{ destination?: string }> }) {
  const denied = await requirePageRole("editor");
  const { destination } = await searchParams;
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/syncs" className="text-slate-500 hover:text-indigo-700">
          ← Syncs
        </Link>
      </nav>
      <PageHeader title="New sync" description="Keep an audience in a destination in step with a segment." />
      {denied ? (
        <Alert tone="info">{denied}</Alert>
      ) : (
        <Card className="max-w-2xl">
          <CardBody>
            <SyncWizard options={await syncOptions()} initialDestination={destination} action={createSyncAction} />
          </CardBody>
        </Card>
      )}
    </>
  );
}
