import { Layers } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { NewTierGroupForm } from "@/components/tiers/new-tier-group-form";
import { TierGroupCard } from "@/components/tiers/tier-group-card";
import { TierSuggestionOffer } from "@/components/tiers/tier-suggestion-offer";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listTierGroups, tierChoices } from "@/lib/tiers/tier-groups";
import { tierSuggestions } from "@/lib/tiers/tier-suggestions";
import { createTierGroupAction, deleteTierGroupAction, updateTierGroupAction } from "./actions";

export const metadata: Metadata = { title: "Intent tiers" };

export default async function TiersPage() {
  const actor = await pageActor();
  const canEdit = hasRole(actor.role, "editor");
  const [groups, choices, suggestions] = await Promise.all([
    listTierGroups(actor),
    canEdit ? tierChoices() : [],
    canEdit ? tierSuggestions() : [],
  ]);
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/syncs" className="text-slate-500 hover:text-indigo-700">
          ← Syncs
        </Link>
      </nav>
      <PageHeader
        title="Intent tiers"
        description="Build intent tiers, not one mega-audience: viewed a product < added to cart < started checkout, each synced to its own audience with its own bids and creative. A person is sent only to the highest tier they qualify for, worked out at every run, so no one is paid for twice."
      />
      <div className="space-y-6">
        {suggestions.map((s) => (
          <TierSuggestionOffer key={s.name} suggestion={s} create={createTierGroupAction} />
        ))}
        {groups.length === 0 ? (
          <EmptyState
            icon={Layers}
            title="No tier groups yet"
            description="Create syncs from the Cart intent segment templates (or any segments ordered by intent), then group them here."
          />
        ) : (
          groups.map((g) => (
            <TierGroupCard key={g.id} group={g} canEdit={canEdit} reorder={updateTierGroupAction} remove={deleteTierGroupAction} />
          ))
        )}
        {canEdit && (
          <Card className="max-w-2xl">
            <CardHeader title="New tier group" description="Any syncs, usually to one platform account, ordered by intent." />
            <CardBody>
              <NewTierGroupForm choices={choices} create={createTierGroupAction} />
            </CardBody>
          </Card>
        )}
      </div>
    </>
  );
}
