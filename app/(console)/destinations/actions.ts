"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import type { ConnectionTest } from "@/lib/connectors/contract";
import { createDestination } from "@/lib/destinations/create-destination";
import { deleteDestination } from "@/lib/destinations/delete-destination";
import { createDestinationInput, updateDestinationInput } from "@/lib/destinations/destination-schemas";
import { testDestination } from "@/lib/destinations/test-destination";
import { updateDestination } from "@/lib/destinations/update-destination";

/** Creates, then tests at once: the user sees straight away whether the connection works. */
export async function createDestinationAction(input: unknown): Promise<ActionResult<{ id: string; test: ConnectionTest }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(createDestinationInput, input);
    if (!parsed.ok) return parsed;
    const dest = await createDestination(actor, parsed.data);
    const test = await testDestination(actor, dest.id);
    revalidatePath("/destinations");
    return { ok: true, id: dest.id, test };
  } catch (e) {
    return actionFailure(e, "createDestination");
  }
}

const updateInput = updateDestinationInput.extend({ destinationId: z.string().min(1) });

export async function updateDestinationAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(updateInput, input);
    if (!parsed.ok) return parsed;
    const { destinationId, ...data } = parsed.data;
    await updateDestination(actor, destinationId, data);
    revalidatePath(`/destinations/${destinationId}`);
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateDestination");
  }
}

const idInput = z.object({ destinationId: z.string().min(1) });

export async function testDestinationAction(input: unknown): Promise<ActionResult<{ test: ConnectionTest }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    const test = await testDestination(actor, parsed.data.destinationId);
    revalidatePath(`/destinations/${parsed.data.destinationId}`);
    revalidatePath("/destinations");
    return { ok: true, test };
  } catch (e) {
    return actionFailure(e, "testDestination");
  }
}

export async function deleteDestinationAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    await deleteDestination(actor, parsed.data.destinationId);
    revalidatePath("/destinations");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteDestination");
  }
}
