"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { OneTimeSecret } from "@/components/forms/one-time-secret";
import { StreamDestinationFieldset } from "@/components/streams/stream-destination-fieldset";
import { StreamEventsFieldset } from "@/components/streams/stream-events-fieldset";
import {
  destinationDraft,
  destinationFromDraft,
  eventsDraft,
  parseSchedule,
  selectorFromDraft,
  withTypedEntries,
  type DestinationDraft,
  type EventsDraft,
  type StreamFormInitial,
} from "@/components/streams/stream-form-values";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/action-result";

// The New event stream form, by stage: which events (stream-events-fieldset.tsx) and where
// (stream-destination-fieldset.tsx). This file holds their drafts, submits them, and shows a
// webhook stream's signing secret once, after creating. The server checks everything again and
// names the field it refuses. With `initial` it is the Edit form: filled with the saved selector
// and settings, secrets never shown (blank keeps them), the destination's kind fixed.

type Props = {
  knownEvents: string[];
  action: (input: unknown) => Promise<ActionResult<{ id: string; signingSecret: string | null }>>;
  initial?: StreamFormInitial;
};

export function StreamForm({ knownEvents, action, initial }: Props) {
  const router = useRouter();
  const editing = Boolean(initial);
  const [name, setName] = useState(initial?.name ?? "");
  const [events, setEvents] = useState<EventsDraft>(() => eventsDraft(initial));
  const [destination, setDestination] = useState<DestinationDraft>(() => destinationDraft(initial));
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [created, setCreated] = useState<{ id: string; signingSecret: string | null } | null>(null);
  const [pending, start] = useTransition();
  const errors = failure?.fieldErrors ?? {};

  function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    // Sending a schedule the field shows as wrong would quietly save the default one instead.
    const retrySchedule = parseSchedule(destination.schedule);
    if (!retrySchedule) {
      const message = "Only whole seconds, separated by commas";
      return setFailure({ error: `${message}.`, fieldErrors: { "destination.settings.retrySchedule": message } });
    }
    // Shown as chips from now on, so a refusal can point at the one it names.
    const typed = withTypedEntries(events);
    setEvents(typed);
    const selector = selectorFromDraft(typed);
    const chosen = destinationFromDraft(destination, retrySchedule);
    // An edit replaces the whole settings object: fields this form does not show (a warehouse's
    // batch size set through the API) keep their saved values. Blank secrets are left out (kept).
    const input = initial
      ? {
          streamId: initial.id,
          name,
          selector,
          destination: {
            settings: { ...initial.settings, ...chosen.settings },
            credentials: Object.fromEntries(Object.entries(chosen.credentials).filter(([, v]) => String(v ?? "").trim())),
          },
        }
      : { name, selector, destination: chosen };
    start(async () => {
      const result = await action(input);
      if (!result.ok) return setFailure(result);
      if (initial) {
        router.push(`/event-streams/${initial.id}`);
        router.refresh();
        return;
      }
      setCreated({ id: result.id, signingSecret: result.signingSecret });
    });
  }

  if (created)
    return (
      <div className="space-y-4" data-testid="stream-created">
        <Alert tone="success">The stream is on. Events that arrive from now on are forwarded.</Alert>
        {created.signingSecret && (
          <OneTimeSecret label="Signing secret" value={created.signingSecret}>
            Your endpoint uses it to check that each request came from Downstream (see “What your endpoint receives” on the stream&apos;s
            page). It is stored encrypted and will not be shown again; you can rotate it at any time.
          </OneTimeSecret>
        )}
        <Link href={`/event-streams/${created.id}`} className={buttonClasses()}>
          Go to the stream
        </Link>
      </div>
    );

  return (
    <form onSubmit={submit} className="space-y-8" noValidate>
      {failure && <Alert tone="error">{failure.error}</Alert>}
      <Field
        label="Name"
        htmlFor="stream-name"
        hint="How this stream appears in the list, e.g. “Engagement to analytics”."
        error={errors.name}
      >
        <Input id="stream-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
      </Field>
      <StreamEventsFieldset
        value={events}
        onChange={(patch) => setEvents((s) => ({ ...s, ...patch }))}
        knownEvents={knownEvents}
        errors={errors}
        editing={editing}
      />
      <StreamDestinationFieldset
        value={destination}
        onChange={(patch) => setDestination((s) => ({ ...s, ...patch }))}
        errors={errors}
        secretSet={(key) => initial?.credentialsSet.includes(key) ?? false}
        editing={editing}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending
            ? destination.kind === "warehouse"
              ? "Checking the warehouse…"
              : editing
                ? "Saving…"
                : "Creating…"
            : editing
              ? "Save changes"
              : "Create stream"}
        </Button>
        <Link href={initial ? `/event-streams/${initial.id}` : "/event-streams"} className={buttonClasses({ variant: "secondary" })}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
