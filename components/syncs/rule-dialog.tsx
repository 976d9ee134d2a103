"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";

type Option = { id: string; name: string };

/** New suppression rule: a segment whose members leave every promotional sync, or chosen ones. */
export function RuleDialog({
  segments,
  syncs,
  action,
}: {
  segments: (Option & { size: number })[];
  syncs: Option[];
  action: (input: unknown) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [segmentId, setSegmentId] = useState(segments[0]?.id ?? "");
  const [scope, setScope] = useState<"all_promotional" | "selected">("all_promotional");
  const [selected, setSelected] = useState<string[]>([]);
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "");
    start(async () => {
      const r = await action({ name, segmentId, scope, syncIds: scope === "selected" ? selected : [] });
      if (!r.ok) return setFailure(r);
      setOpen(false);
      setFailure(null);
      router.refresh();
    });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} disabled={!segments.length}>
        <Plus aria-hidden />
        New rule
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New suppression rule"
        description="Members of the segment are never sent in an add, and are removed from audiences they are already in."
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          {failure && !failure.fieldErrors && <Alert tone="error">{failure.error}</Alert>}
          <Field label="Name" htmlFor="rule-name" hint="e.g. “Purchased in the last 7 days”." error={failure?.fieldErrors?.name}>
            <Input id="rule-name" name="name" required maxLength={120} />
          </Field>
          <Field label="Hold out members of" htmlFor="rule-segment" error={failure?.fieldErrors?.segmentId}>
            <Select id="rule-segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.size.toLocaleString("en-US")})
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="space-y-2 text-sm">
            <legend className="font-medium text-slate-700">Applies to</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={scope === "all_promotional"} onChange={() => setScope("all_promotional")} /> Every
              promotional sync, including future ones
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" checked={scope === "selected"} onChange={() => setScope("selected")} /> Only the syncs I
              choose
            </label>
            {scope === "selected" && (
              <div className="ml-6 max-h-40 space-y-1 overflow-y-auto">
                {syncs.map((s) => (
                  <label key={s.id} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={selected.includes(s.id)}
                      onChange={(e) => setSelected(e.target.checked ? [...selected, s.id] : selected.filter((x) => x !== s.id))}
                    />
                    {s.name}
                  </label>
                ))}
                {failure?.fieldErrors?.syncIds && <p className="text-xs text-red-600">{failure.fieldErrors.syncIds}</p>}
              </div>
            )}
          </fieldset>
          <DialogActions>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Create rule"}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
