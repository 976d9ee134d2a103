"use client";

import { Play, Search, Send } from "lucide-react";
import { useState, useTransition } from "react";
import { NoteList } from "@/components/webhook-actions/template-editor";
import { simulatorNotes } from "@/components/webhook-actions/template-notes";
import type { PersonChoice, SimPerson, Simulation, TestSend } from "@/components/webhook-actions/simulator-types";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { fieldClasses, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";

// The simulator: choose who (a person found by email or id, a random member of the trigger's
// segment, or attributes typed as JSON) and, for an event trigger, one of their recent matching
// events; see the request exactly as it would go (secrets masked) with every problem and missing
// attribute at its field and line; then send a test to the built-in echo receiver or the real
// endpoint and see the answer. Test sends are marked as tests everywhere they are recorded.

type Props = {
  actionId: string;
  segment: { id: string; name: string | null } | null;
  eventTrigger: boolean;
  canSend: boolean;
  simulate: (input: unknown) => Promise<ActionResult<{ simulation: Simulation }>>;
  sendTest: (input: unknown) => Promise<ActionResult<{ test: TestSend }>>;
  searchPeople: (input: unknown) => Promise<ActionResult<{ people: SimPerson[] }>>;
};

type Mode = "person" | "random" | "attributes";

const EXAMPLE_ATTRIBUTES = `{
  "email": "jane@example.com",
  "first_name": "Jane",
  "cart_value": 129.5,
  "last_sku": "SKU-123"
}`;

function Headers({ headers }: { headers: { name: string; value: string; addedAtSend?: string }[] }) {
  return (
    <ul className="space-y-0.5 font-mono text-xs text-slate-700">
      {headers.map((h, i) => (
        <li key={i} className="break-all">
          <span className="text-slate-500">{h.name}:</span> {h.value}
          {h.addedAtSend && <span className="ml-2 font-sans text-slate-400">{h.addedAtSend}</span>}
        </li>
      ))}
    </ul>
  );
}

const OUTCOME_WORDS: Record<TestSend["outcome"], string> = {
  delivered: "Delivered",
  failed: "Failed",
  waiting: "Queued",
  not_sent: "Not sent",
};

const pairs = (headers: [string, string][]) => headers.map(([name, value]) => ({ name, value }));

export function SimulatorPanel({ actionId, segment, eventTrigger, canSend, simulate, sendTest, searchPeople }: Props) {
  const [mode, setMode] = useState<Mode>("person");
  const [query, setQuery] = useState("");
  const [people, setPeople] = useState<SimPerson[] | null>(null);
  const [person, setPerson] = useState<SimPerson | null>(null);
  const [attributes, setAttributes] = useState(EXAMPLE_ATTRIBUTES);
  const [eventId, setEventId] = useState("");
  const [sim, setSim] = useState<Simulation | null>(null);
  const [target, setTarget] = useState<"echo" | "endpoint">("echo");
  const [test, setTest] = useState<TestSend | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function choice(): PersonChoice | string {
    if (mode === "random") return { randomMember: true };
    if (mode === "person") return person ? { profileId: person.id } : "Search for a person and choose one first.";
    try {
      const parsed: unknown = JSON.parse(attributes);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
        return 'The attributes must be a JSON object, like { "email": "jane@example.com" }.';
      return { attributes: parsed as Record<string, unknown> };
    } catch (e) {
      return `The attributes are not valid JSON: ${(e as Error).message}`;
    }
  }

  const run = (fn: (c: PersonChoice) => Promise<void>) => {
    const c = choice();
    if (typeof c === "string") return setError(c);
    setError(null);
    start(() => fn(c));
  };

  const render = () =>
    run(async (c) => {
      const r = await simulate({ actionId, person: c, eventId: eventId || undefined });
      if (!r.ok) return setError(r.error);
      setSim(r.simulation);
      setTest(null);
    });

  const send = () =>
    run(async (c) => {
      const r = await sendTest({ actionId, person: c, eventId: eventId || undefined, target });
      if (!r.ok) return setError(r.error);
      setTest(r.test);
    });

  const search = () =>
    start(async () => {
      const r = await searchPeople({ search: query });
      if (!r.ok) return setError(r.error);
      setError(null);
      setPeople(r.people);
    });

  const notes = sim ? simulatorNotes(sim.problems, sim.warnings) : [];

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]" data-testid="simulator">
      <div className="space-y-4">
        <div className="space-y-2" role="radiogroup" aria-label="Who to render for">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="sim-mode" checked={mode === "person"} onChange={() => setMode("person")} />A person (search by email
            or id)
          </label>
          {segment && (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="radio" name="sim-mode" checked={mode === "random"} onChange={() => setMode("random")} />
              Random member of {segment.name ?? "the segment"}
            </label>
          )}
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="radio" name="sim-mode" checked={mode === "attributes"} onChange={() => setMode("attributes")} />
            Attributes I type (JSON)
          </label>
        </div>

        {mode === "person" && (
          <div className="space-y-2">
            <div className="flex gap-2">
              <Input
                aria-label="Find a person"
                placeholder="jane@example.com or cus_100042"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), search())}
              />
              <Button variant="secondary" onClick={search} disabled={pending || !query.trim()}>
                <Search aria-hidden /> Find
              </Button>
            </div>
            {people && people.length === 0 && <p className="text-xs text-slate-500">Nobody matches “{query}”.</p>}
            {people && people.length > 0 && (
              <ul className="max-h-48 divide-y divide-slate-100 overflow-auto rounded-md ring-1 ring-slate-200" data-testid="sim-people">
                {people.map((p) => (
                  <li key={p.id}>
                    <button
                      type="button"
                      onClick={() => setPerson(p)}
                      className={`block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-50 ${person?.id === p.id ? "bg-indigo-50" : ""}`}
                    >
                      <span className="font-medium text-slate-900">{p.label}</span>
                      {p.detail && <span className="ml-2 text-xs text-slate-500">{p.detail}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {person && (
              <p className="text-xs text-slate-600" data-testid="sim-person">
                Rendering for <span className="font-medium">{person.label}</span>
              </p>
            )}
          </div>
        )}
        {mode === "attributes" && (
          <div>
            <Label htmlFor="sim-attributes">Attributes</Label>
            <textarea
              id="sim-attributes"
              className={`${fieldClasses} mt-1.5 h-40 font-mono text-xs`}
              spellCheck={false}
              value={attributes}
              onChange={(e) => setAttributes(e.target.value)}
            />
          </div>
        )}
        {eventTrigger && (
          <div>
            <Label htmlFor="sim-event">Event</Label>
            <Select id="sim-event" className="mt-1.5" value={eventId} onChange={(e) => setEventId(e.target.value)}>
              <option value="">
                {sim?.events.length
                  ? "The person's latest matching event"
                  : "Their latest matching event (render once to list recent ones)"}
              </option>
              {sim?.events.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name} · {e.personLabel} · {new Date(e.occurredAt).toLocaleString()}
                </option>
              ))}
            </Select>
          </div>
        )}
        <Button onClick={render} disabled={pending}>
          <Play aria-hidden /> {pending ? "Working…" : "Render the request"}
        </Button>
        {error && <Alert tone="error">{error}</Alert>}

        {sim && canSend && (
          <div className="space-y-2 border-t border-slate-100 pt-4">
            <div className="space-y-1.5" role="radiogroup" aria-label="Send the test to">
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="radio" name="sim-target" checked={target === "echo"} onChange={() => setTarget("echo")} />
                The built-in echo receiver (answers with what it got)
              </label>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="radio" name="sim-target" checked={target === "endpoint"} onChange={() => setTarget("endpoint")} />
                The real endpoint
              </label>
            </div>
            <Button variant="secondary" onClick={send} disabled={pending || !sim.ok}>
              <Send aria-hidden /> Send test
            </Button>
            <p className="text-xs text-slate-500">
              A test is one request, marked as a test in every record; it never writes anything back to the person.
            </p>
          </div>
        )}
      </div>

      <div className="min-w-0 space-y-4">
        {!sim ? (
          <p className="rounded-lg bg-slate-50 p-4 text-sm text-slate-500">Choose who to render for, then Render the request.</p>
        ) : (
          <div className="space-y-3" data-testid="sim-result">
            {sim.person && (
              <p className="text-xs text-slate-500">
                For <span className="font-medium text-slate-700">{sim.person.label}</span>
                {sim.event && (
                  <>
                    {" "}
                    · event <span className="font-mono">{sim.event.name}</span>
                    {sim.event.typed ? " (typed)" : ` of ${new Date(sim.event.occurredAt).toLocaleString()}`}
                  </>
                )}
              </p>
            )}
            {sim.notes.map((n) => (
              <p key={n} className="text-xs text-slate-600">
                {n}
              </p>
            ))}
            {!sim.ok && sim.problems.length > 0 && (
              <Alert tone="error">This request cannot be sent as it is: fix the problems below.</Alert>
            )}
            <NoteList notes={notes} />
            {sim.request && (
              <div className="space-y-2 rounded-lg ring-1 ring-slate-200">
                <p className="border-b border-slate-100 px-3 py-2 font-mono text-xs break-all" data-testid="sim-request-line">
                  <span className="font-semibold">{sim.request.method}</span> {sim.request.url}
                </p>
                <div className="px-3">
                  <Headers headers={sim.request.headers} />
                </div>
                {sim.request.body && (
                  <pre
                    className="max-h-80 overflow-auto rounded-b-lg bg-slate-900 p-3 font-mono text-xs text-slate-100"
                    data-testid="sim-body"
                  >
                    {sim.request.bodyPretty ?? sim.request.body}
                  </pre>
                )}
              </div>
            )}
          </div>
        )}

        {test && (
          <div className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200" data-testid="test-result">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={test.outcome === "delivered" ? "success" : test.outcome === "waiting" ? "warning" : "danger"}>
                {OUTCOME_WORDS[test.outcome]}
                {test.status !== null && ` · ${test.status}`}
              </Badge>
              {test.latencyMs !== null && <span className="text-slate-600 tabular-nums">{test.latencyMs} ms</span>}
              <Badge tone="accent">Test</Badge>
              {test.url && <span className="truncate font-mono text-xs text-slate-500">{test.url}</span>}
            </div>
            <p className="text-sm text-slate-700">{test.message}</p>
            {test.response && test.response.headers.length > 0 && (
              <details>
                <summary className="cursor-pointer text-xs text-slate-600">Response headers ({test.response.headers.length})</summary>
                <div className="mt-1">
                  <Headers headers={pairs(test.response.headers)} />
                </div>
              </details>
            )}
            {test.response?.body && (
              <pre
                className="max-h-60 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-700"
                data-testid="test-response-body"
              >
                {test.response.body}
                {!test.response.complete && "\n… (cut short)"}
              </pre>
            )}
            <p className="text-xs text-slate-500">{test.retryPolicy}</p>
          </div>
        )}
      </div>
    </div>
  );
}
