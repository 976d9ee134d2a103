"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { deleteTierGroup, saveTierGroup, tierGroupInput, updateTierGroup, tierGroupPatch } from "@/lib/tiers/tier-groups";

// Intent tier groups from the console: the same domain functions the API calls.

const revalidate = (syncIds: string[]) => {
  revalidatePath("/syncs/tiers");
  for (const id of syncIds) revalidatePath(`/syncs/${id}`);
};

export async function createTierGroupAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(tierGroupInput, input);
    if (!parsed.ok) return parsed;
    const group = await saveTierGroup(actor, parsed.data);
    revalidate(parsed.data.syncIds);
    return { ok: true, id: group.id };
  } catch (e) {
    return actionFailure(e, "createTierGroup");
  }
}

const patchInput = z.object({ id: z.string().min(1).max(100), patch: tierGroupPatch });

export async function updateTierGroupAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(patchInput, input);
    if (!parsed.ok) return parsed;
    const group = await updateTierGroup(actor, parsed.data.id, parsed.data.patch);
    revalidate(group.tiers.map((t) => t.syncId));
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateTierGroup");
  }
}

export async function deleteTierGroupAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(z.object({ id: z.string().min(1).max(100) }), input);
    if (!parsed.ok) return parsed;
    await deleteTierGroup(actor, parsed.data.id);
    revalidatePath("/syncs", "layout");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteTierGroup");
  }
}
