import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { SyncWizard } from "@/components/syncs/sync-wizard";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody } from "@/components/ui/card";
import { TierSuggestionOffer } from "@/components/tiers/tier-suggestion-offer";
import { syncOptions } from "@/lib/sync/sync-options";
import { tierSuggestions, tierTemplateSegments } from "@/lib/tiers/tier-suggestions";
import { createTierGroupAction } from "../tiers/actions";
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
        <div className="max-w-2xl space-y-4">
          {/* Syncs already made from the tier templates: the one-click group, before yet another sync. */}
          {(await tierSuggestions()).map((s) => (
            <TierSuggestionOffer key={s.name} suggestion={s} create={createTierGroupAction} />
          ))}
          <Card>
            <CardBody>
              <SyncWizard
                options={await syncOptions()}
                initialDestination={destination}
                action={createSyncAction}
                tierSegments={Object.fromEntries(await tierTemplateSegments())}
              />
            </CardBody>
          </Card>
        </div>
      )}
    </>
  );
}
