"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import type { SimPerson, Simulation, TestSend } from "@/components/webhook-actions/simulator-types";
import { requireActionActor } from "@/lib/auth/session";
import { searchPeople } from "@/lib/people/search-people";
import { ACTION_STATES } from "@/lib/webhook-actions/action-schemas";
import { createAction, createActionInput } from "@/lib/webhook-actions/create-action";
import { deleteAction } from "@/lib/webhook-actions/delete-action";
import { replayActionDeadLetters } from "@/lib/webhook-actions/replay-action-dead-letters";
import { setActionState } from "@/lib/webhook-actions/set-action-state";
import { sendTestRequest } from "@/lib/webhook-actions/simulator/send-test-request";
import { loadSimulatedDefinition, simulateAction as simulate } from "@/lib/webhook-actions/simulator/simulate-action";
import type { PersonChoice } from "@/lib/webhook-actions/simulator/simulation-input";
import { recentTriggerEvents } from "@/lib/webhook-actions/simulator/simulation-scope";
import { updateAction, updateActionInput } from "@/lib/webhook-actions/update-action";

// The console's webhook-action actions: the same domain functions the API calls, with the
// signed-in person as the actor. A new signing key goes back to the browser in the answer only,
// to be shown once.

type Actor = Awaited<ReturnType<typeof requireActionActor>>;

function revalidate(id?: string) {
  revalidatePath("/webhook-actions");
  if (id) revalidatePath(`/webhook-actions/${id}`);
}

/** Runs `fn` as an editor on parsed input; failures come back as messages (per field when they have one). */
function editorAction<S extends z.ZodType, T extends object>(name: string, schema: S, fn: (actor: Actor, input: z.infer<S>) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const actor = await requireActionActor("editor");
      const parsed = parseInput(schema, input);
      if (!parsed.ok) return parsed;
      return { ok: true, ...(await fn(actor, parsed.data)) };
    } catch (e) {
      return actionFailure(e, name);
    }
  };
}

const create = editorAction("createAction", createActionInput, async (actor, input) => {
  const { action, signingKey } = await createAction(actor, input);
  revalidate();
  return { id: action.id, signingKey };
});

export async function createActionAction(input: unknown) {
  return create(input);
}

const updateInput = updateActionInput.extend({ actionId: z.string().min(1) });

/** Saves the edit form. Only the fields sent change (updateAction reads which were sent), so it gets the input as sent, not with defaults filled in. */
export async function updateActionAction(input: unknown) {
  return editorAction("updateAction", updateInput, async (actor, { actionId }) => {
    const { actionId: _id, ...patch } = input as Record<string, unknown>;
    const { action, signingKey } = await updateAction(actor, actionId, patch);
    revalidate(actionId);
    return { id: action.id, signingKey };
  })(input);
}

const stateInput = z.object({ actionId: z.string().min(1), state: z.enum(ACTION_STATES) });

const setState = editorAction("setActionState", stateInput, async (actor, { actionId, state }) => {
  await setActionState(actor, actionId, state);
  revalidate(actionId);
  return {};
});

/** Set live, Pause (and live again). */
export async function setActionStateAction(input: unknown) {
  return setState(input);
}

const remove = editorAction("deleteAction", z.object({ actionId: z.string().min(1) }), async (actor, { actionId }) => {
  const result = await deleteAction(actor, actionId);
  revalidate();
  return result;
});

export async function deleteActionAction(input: unknown) {
  return remove(input);
}

const replayInput = z.object({
  actionId: z.string().min(1),
  which: z.union([
    z.object({ deadLetters: z.literal("all") }),
    z.object({
      deliveryIds: z
        .array(z.string().regex(/^\d{1,19}$/))
        .min(1)
        .max(1_000),
    }),
  ]),
});

const replay = editorAction("replayActionDeadLetters", replayInput, async (actor, { actionId, which }) => {
  const result = await replayActionDeadLetters(actor, actionId, which);
  revalidate(actionId);
  return result;
});

/** Replay one dead request or all of them. */
export async function replayActionAction(input: unknown) {
  return replay(input);
}

const searchInput = z.object({ search: z.string().trim().min(1, "Type an email or id").max(320) });

/** The simulator's person search: email (or its start), external id, anonymous id or phone. */
export async function searchPeopleAction(input: unknown): Promise<ActionResult<{ people: SimPerson[] }>> {
  try {
    await requireActionActor("viewer");
    const parsed = parseInput(searchInput, input);
    if (!parsed.ok) return parsed;
    const { people } = await searchPeople({ search: parsed.data.search, limit: 10 });
    return {
      ok: true,
      people: people.map((p) => ({
        id: p.id,
        label: p.email ?? p.externalId ?? `Person ${p.id}`,
        detail: [p.email && p.externalId, p.isTest ? "test profile" : null].filter(Boolean).join(" · ") || null,
      })),
    };
  } catch (e) {
    return actionFailure(e, "searchPeople");
  }
}

const personChoice = z.union([
  z.object({ profileId: z.string().regex(/^\d{1,19}$/) }),
  z.object({ randomMember: z.literal(true) }),
  z.object({ attributes: z.record(z.string(), z.unknown()) }),
]);
const simulateInput = z.object({
  actionId: z.string().min(1).max(100),
  person: personChoice,
  eventId: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  target: z.enum(["echo", "endpoint"]).default("echo"),
});

/** The panel's person choice in the simulator's terms (lib/webhook-actions/simulator/simulation-input.ts). */
function simulatorChoice({ person, eventId }: z.infer<typeof simulateInput>): PersonChoice {
  const who =
    "profileId" in person
      ? { person: { profileId: person.profileId } }
      : "randomMember" in person
        ? { person: "random_member" as const }
        : { person: "none" as const, attributes: person.attributes };
  return { ...who, ...(eventId ? { eventId } : {}) };
}

/** Renders the request for the chosen person (viewers too: it shows what a person's page already does), with the trigger's recent events to pick from. */
export async function simulateAction(input: unknown): Promise<ActionResult<{ simulation: Simulation }>> {
  try {
    const actor = await requireActionActor("viewer");
    const parsed = parseInput(simulateInput, input);
    if (!parsed.ok) return parsed;
    const { actionId, person } = parsed.data;
    const { definition } = await loadSimulatedDefinition({ actionId });
    const [result, recent] = await Promise.all([
      simulate(actor, { actionId }, simulatorChoice(parsed.data)),
      recentTriggerEvents(definition.trigger, { profileId: "profileId" in person ? person.profileId : undefined, limit: 20 }),
    ]);
    const events = recent.map((e) => ({ id: e.id, name: e.name, occurredAt: e.occurredAt.toISOString(), personLabel: e.personLabel }));
    return { ok: true, simulation: { ...result, events } };
  } catch (e) {
    return actionFailure(e, "simulateAction");
  }
}

/** Sends the simulated request once, marked as a test, to the echo receiver or the real endpoint. */
export async function sendTestAction(input: unknown): Promise<ActionResult<{ test: TestSend }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(simulateInput, input);
    if (!parsed.ok) return parsed;
    const test = await sendTestRequest(actor, parsed.data.actionId, { ...simulatorChoice(parsed.data), target: parsed.data.target });
    revalidate(parsed.data.actionId);
    return { ok: true, test };
  } catch (e) {
    return actionFailure(e, "sendTestRequest");
  }
}
