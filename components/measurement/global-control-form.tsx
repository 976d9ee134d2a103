"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";

type Props = {
  current: number;
  population: number;
  action: (input: unknown) => Promise<ActionResult>;
};

/** The size field, and a confirmation that says who stops (or starts) getting promotions before anything changes. */
export function GlobalControlForm({ current, population, action }: Props) {
  const [value, setValue] = useState(String(current));
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const next = Number(value);
  const valid = Number.isInteger(next) && next >= 0 && next <= 15;
  const about = (p: number) => Math.round((population * p) / 100).toLocaleString("en-US");
  const effect =
    next === 0
      ? `The control group is switched off: about ${about(current)} people become eligible for promotional audiences again at each sync's next run.`
      : next > current
        ? `About ${about(next)} people (${next}%) will be kept out of every promotional audience. The ${current ? `${current}% already in it stay` : "group is new"}; those added are removed from live promotional audiences at each sync's next run.`
        : `About ${about(next)} people (${next}%) stay in the control group; the rest of today's ${current}% become eligible for promotional audiences again.`;
  return (
    <>
      <form
        className="flex items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          setOpen(true);
        }}
      >
        <label className="text-sm font-medium text-slate-700">
          Size of the control group (% of people, 0 = off)
          <Input
            name="percent"
            type="number"
            min={0}
            max={15}
            step={1}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="mt-1 w-32"
            aria-invalid={!valid || undefined}
          />
        </label>
        <Button type="submit" variant="primary" disabled={!valid || next === current}>
          Change…
        </Button>
      </form>
      {!valid && <p className="mt-2 text-sm text-red-700">Choose a whole number from 0 to 15.</p>}
      {error && (
        <p className="mt-2 text-sm text-red-700" role="alert">
          {error}
        </p>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} title={`Change the global control group to ${next === 0 ? "off" : `${next}%`}?`}>
        <p className="text-sm text-slate-700" data-testid="global-control-effect">
          {effect}
        </p>
        <p className="mt-2 text-sm text-slate-500">
          Transactional syncs are not affected. The change is recorded with your name, and earlier periods keep their own report.
        </p>
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant="primary"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await action({ percent: next, confirm: true });
                setOpen(false);
                if (!r.ok) setError(r.error);
              })
            }
          >
            {pending ? "Changing…" : "Yes, change it"}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
