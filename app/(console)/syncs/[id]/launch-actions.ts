"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { recordSignoff } from "@/lib/launch/record-signoff";
import { updateLaunchPlan } from "@/lib/launch/update-launch-plan";

// The checklist card's actions: thin, lib checks the role, validates and audits.

const withSync = z.object({ syncId: z.string().min(1).max(64) }).passthrough();

export async function signoffAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(withSync, input);
    if (!parsed.ok) return parsed;
    const { syncId, ...rest } = parsed.data;
    await recordSignoff(actor, syncId, rest);
    revalidatePath(`/syncs/${syncId}`);
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "recordSignoff");
  }
}

export async function launchPlanAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(withSync, input);
    if (!parsed.ok) return parsed;
    const { syncId, ...rest } = parsed.data;
    await updateLaunchPlan(actor, syncId, rest);
    revalidatePath(`/syncs/${syncId}`);
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateLaunchPlan");
  }
}
