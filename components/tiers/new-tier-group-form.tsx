"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";

// A new tier group by hand: a name and the syncs in priority order, the highest intent first
// (the tier that wins when a person qualifies for several). Sent lowest first, as the API takes it.

export type TierChoice = { id: string; name: string; segmentName: string; destinationName: string };

export function NewTierGroupForm({
  choices,
  create,
}: {
  choices: TierChoice[];
  create: (input: unknown) => Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [picked, setPicked] = useState<string[]>([]); // highest intent first
  const [next, setNext] = useState("");
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const byId = new Map(choices.map((c) => [c.id, c]));
  const left = choices.filter((c) => !picked.includes(c.id));
  const adding = left.some((c) => c.id === next) ? next : (left[0]?.id ?? "");

  if (choices.length < 2) return <Alert tone="info">A tier group needs at least two syncs that are not a tier of another group yet.</Alert>;

  function move(i: number, by: 1 | -1) {
    const ids = [...picked];
    [ids[i], ids[i + by]] = [ids[i + by]!, ids[i]!];
    setPicked(ids);
  }

  return (
    <div className="space-y-4">
      {failure && <Alert tone="error">{failure.error}</Alert>}
      <Field label="Group name" htmlFor="tier-name" error={failure?.fieldErrors?.name}>
        <Input id="tier-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Cart intent · Meta" maxLength={120} />
      </Field>
      <div>
        <p className="text-sm font-medium text-slate-700">Tiers, highest intent first</p>
        <p className="mt-1 text-xs text-slate-500">Someone who qualifies for several goes only to the one nearest the top.</p>
        {picked.length > 0 && (
          <ol className="mt-2 space-y-1.5" data-testid="picked-tiers">
            {picked.map((id, i) => (
              <li key={id} className="flex items-center gap-2 rounded-md bg-white px-3 py-1.5 ring-1 ring-slate-200">
                <span className="w-14 text-xs text-slate-400">Tier {picked.length - i}</span>
                <span className="flex-1 text-sm">
                  {byId.get(id)?.name}
                  <span className="ml-2 text-xs text-slate-500">
                    {byId.get(id)?.segmentName} → {byId.get(id)?.destinationName}
                  </span>
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${byId.get(id)?.name} up a tier`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  <ArrowUp />
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Move ${byId.get(id)?.name} down a tier`}
                  disabled={i === picked.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <ArrowDown />
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setPicked(picked.filter((x) => x !== id))}>
                  Remove
                </Button>
              </li>
            ))}
          </ol>
        )}
        {left.length > 0 && (
          <div className="mt-2 flex gap-2">
            <Select aria-label="Sync to add" value={adding} onChange={(e) => setNext(e.target.value)} className="max-w-md">
              {left.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.segmentName} → {c.destinationName})
                </option>
              ))}
            </Select>
            <Button variant="secondary" disabled={!adding} onClick={() => setPicked([...picked, adding])}>
              {picked.length ? "Add the next tier down" : "Add the highest tier"}
            </Button>
          </div>
        )}
      </div>
      <Button
        disabled={pending || picked.length < 2}
        onClick={() =>
          start(async () => {
            setFailure(null);
            const r = await create({ name, syncIds: [...picked].reverse() });
            if (!r.ok) return setFailure(r);
            setName("");
            setPicked([]);
            router.refresh();
          })
        }
      >
        {pending ? "Creating…" : "Create tier group"}
      </Button>
    </div>
  );
}
