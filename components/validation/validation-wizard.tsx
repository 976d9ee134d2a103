"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";

// Validation → New validation: choose the sync, choose 1-50 test profiles (10-50 is the
// playbook's advice), start. The run page then shows the steps as they happen.

type SyncChoice = { id: string; name: string; state: string; pausedReason: string | null; destinationName: string };
type ProfileChoice = { id: string; email: string | null; phone: string | null; externalId: string | null; sendable: string[] };

export function ValidationWizard({
  syncs,
  profiles,
  initialSyncId,
  action,
}: {
  syncs: SyncChoice[];
  profiles: ProfileChoice[];
  initialSyncId?: string;
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const [syncId, setSyncId] = useState(initialSyncId && syncs.some((s) => s.id === initialSyncId) ? initialSyncId : (syncs[0]?.id ?? ""));
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(profiles.slice(0, 10).map((p) => p.id)));
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const sync = useMemo(() => syncs.find((s) => s.id === syncId), [syncs, syncId]);
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        start(async () => {
          const r = await action({ syncId, profileIds: [...chosen] });
          if (!r.ok) return setError(r.error);
          router.push(`/validation/${r.id}`);
        });
      }}
    >
      <section className="space-y-2">
        <h2 className="text-sm font-semibold text-slate-900">1. Which sync?</h2>
        <Field
          label="Sync"
          htmlFor="validation-sync"
          hint={
            sync?.state === "paused"
              ? `This sync is paused${sync.pausedReason ? ` (${sync.pausedReason})` : ""}: resume it before validating.`
              : "The test profiles go to this sync's real audience, then leave it again."
          }
        >
          <Select id="validation-sync" value={syncId} onChange={(e) => setSyncId(e.target.value)}>
            {syncs.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} → {s.destinationName}
                {s.state === "paused" ? " (paused)" : s.state === "draft" ? " (draft)" : ""}
              </option>
            ))}
          </Select>
        </Field>
      </section>

      <section className="space-y-2">
        <div className="flex items-baseline justify-between">
          <h2 className="text-sm font-semibold text-slate-900">2. Which test profiles?</h2>
          <span className="text-xs text-slate-500" data-testid="chosen-count">
            {chosen.size} chosen · 10 to 50 is a good cohort
          </span>
        </div>
        <p className="text-xs text-slate-500">
          Only test profiles can be chosen: real customers are never used. The first one chosen places a test order to check your purchase
          suppression.
        </p>
        <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md ring-1 ring-slate-200">
          {profiles.map((p) => (
            <li key={p.id}>
              <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50">
                <input
                  type="checkbox"
                  checked={chosen.has(p.id)}
                  onChange={() => toggle(p.id)}
                  aria-label={p.email ?? p.externalId ?? p.id}
                />
                <span className="font-medium text-slate-800">{p.email ?? p.phone ?? p.externalId ?? `Profile ${p.id}`}</span>
                <span className="text-xs text-slate-500">
                  {p.sendable.length ? p.sendable.join(", ").replace("external_id", "external id") : "no identifiers"}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </section>

      <section className="space-y-2">
        <h2 className="text-sm font-semibold text-slate-900">3. Start</h2>
        <p className="text-xs text-slate-500">
          Five checks run one after another: add them, check they arrived, check a buyer leaves, remove them, check the audience shrank.
          Each shows its proof.
        </p>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
        <Button type="submit" disabled={pending || !syncId}>
          {pending ? "Starting…" : `Start validation with ${chosen.size} test profile${chosen.size === 1 ? "" : "s"}`}
        </Button>
      </section>
    </form>
  );
}
