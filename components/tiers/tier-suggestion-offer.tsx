"use client";

import { Layers } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";
import type { TierSuggestion } from "@/lib/tiers/tier-suggestions";

// The one-click offer for syncs made from the playbook's intent tier templates: group them in
// template order, lowest intent first (lib/tiers/tier-suggestions.ts finds them).

export function TierSuggestionOffer({
  suggestion,
  create,
}: {
  suggestion: TierSuggestion;
  create: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="rounded-lg bg-indigo-50 px-4 py-3 text-sm text-indigo-950 ring-1 ring-indigo-200 ring-inset" data-testid="tier-offer">
      <p className="font-medium">
        <Layers className="mr-1.5 inline size-4 text-indigo-500" aria-hidden />
        These syncs to {suggestion.destinationName} are the playbook&apos;s intent tiers
      </p>
      <p className="mt-1 text-indigo-900">
        As a tier group, each person goes only to the highest tier they qualify for, so you never pay twice to reach one shopper and each
        tier keeps its own bids and creative.
      </p>
      <ol className="mt-2 list-inside list-decimal text-indigo-900">
        {suggestion.tiers.map((t) => (
          <li key={t.syncId}>
            {t.syncName} <span className="text-indigo-700">({t.segmentName})</span>
          </li>
        ))}
      </ol>
      {error && (
        <Alert tone="error" className="mt-2">
          {error}
        </Alert>
      )}
      <Button
        className="mt-3"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await create({ name: suggestion.name, syncIds: suggestion.tiers.map((t) => t.syncId) });
            if (!r.ok) return setError(r.error);
            router.push("/syncs/tiers");
          })
        }
      >
        {pending ? "Creating…" : "Make these an intent tier group"}
      </Button>
    </div>
  );
}
