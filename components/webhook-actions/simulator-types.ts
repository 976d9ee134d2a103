// What the simulator panel shows, as the console's server actions hand it over (they adapt the
// simulator's own results, lib/webhook-actions/simulator/, into these): the chosen person and
// event, the rendered request with secrets masked, problems and warnings at their field and line,
// and a test send's answer.

export type SimPerson = { id: string; label: string; detail: string | null };
export type SimEvent = { id: string; name: string; occurredAt: string };
export type SimNote = { field: string; line?: number; column?: number; message: string };

/** Who to render for: a person by id, a random member of the trigger's segment, or typed attributes. */
export type PersonChoice = { profileId: string } | { randomMember: true } | { attributes: Record<string, unknown> };

export type Simulation = {
  ok: boolean;
  request: { method: string; url: string; headers: [string, string][]; body: string } | null;
  problems: SimNote[];
  warnings: SimNote[];
  person: SimPerson | null;
  event: SimEvent | null;
  /** Recent events matching the trigger, to pick from (event triggers). */
  events: SimEvent[];
};

export type TestSend = {
  /** "Delivered", "Refused", "Timed out"…: the attempt's outcome in words. */
  outcome: string;
  delivered: boolean;
  status: number | null;
  latencyMs: number;
  headers: [string, string][];
  body: string | null;
  error: string | null;
  /** What would happen on failure, in words: the action's retry schedule. */
  retryPolicy: string;
  target: "echo" | "endpoint";
  url: string;
};
