// What the simulator panel shows, as the console's server actions hand it over: the simulator's
// own result (lib/webhook-actions/simulator/) with the trigger's recent events, the people search's
// matches, and a test send's answer.

import type { TestSendResult } from "@/lib/webhook-actions/simulator/send-test-request";
import type { SimulationResult } from "@/lib/webhook-actions/simulator/simulate-action";

/** A person found by the simulator's search. */
export type SimPerson = { id: string; label: string; detail: string | null };
export type SimEvent = { id: string; name: string; occurredAt: string; personLabel: string };
/** Who to render for: a person by id, a random member of the trigger's segment, or typed attributes. */
export type PersonChoice = { profileId: string } | { randomMember: true } | { attributes: Record<string, unknown> };

/** The simulator's answer (lib/webhook-actions/simulator/simulate-action.ts) and the trigger's recent events to pick from. */
export type Simulation = SimulationResult & { events: SimEvent[] };

/** A test send's answer (lib/webhook-actions/simulator/send-test-request.ts). */
export type TestSend = TestSendResult;
