"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { LedgerReplayButton } from "@/components/delivery/ledger-replay-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/action-result";

type ReplayAction = (input: unknown) => Promise<ActionResult<{ replayed: number }>>;

const said = (n: number) => (n === 0 ? "Nothing to replay." : `${formatCount(n, "event")} queued to send again.`);

/** "Replay" on one dead letter, or on all of them. */
export function ReplayDeadButton({
  streamId,
  deliveryId,
  action,
  label,
}: {
  streamId: string;
  deliveryId?: string;
  action: ReplayAction;
  label: string;
}) {
  return (
    <LedgerReplayButton deliveryId={deliveryId} input={(replay) => ({ streamId, replay })} action={action} label={label} noun="event" />
  );
}

/** A backfill: every matching event that happened between two times (UTC), sent again. */
export function ReplayRangeForm({ streamId, action }: { streamId: string; action: ReplayAction }) {
  const router = useRouter();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [result, setResult] = useState<ActionResult<{ replayed: number }> | null>(null);
  const [pending, start] = useTransition();
  const iso = (local: string) => (local ? `${local}:00Z` : "");
  function submit(e: FormEvent) {
    e.preventDefault();
    start(async () => {
      const r = await action({ streamId, replay: { from: iso(from), to: iso(to) } });
      setResult(r);
      router.refresh();
    });
  }
  const fieldError = (k: string) => (result && !result.ok ? (result.fieldErrors?.[`replay.${k}`] ?? result.fieldErrors?.[k]) : undefined);
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {result && (result.ok ? <Alert tone="success">{said(result.replayed)}</Alert> : <Alert tone="error">{result.error}</Alert>)}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="From (UTC)" htmlFor="replay-from" error={fieldError("from")}>
          <Input id="replay-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label="To (UTC)" htmlFor="replay-to" error={fieldError("to")}>
          <Input id="replay-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </Field>
      </div>
      <Button type="submit" variant="secondary" disabled={pending || !from || !to}>
        {pending ? "Queueing…" : "Replay this range"}
      </Button>
    </form>
  );
}
