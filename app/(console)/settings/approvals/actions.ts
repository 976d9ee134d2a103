"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { decideChangeRequest } from "@/lib/launch/change-requests";
import { updateLaunchSettings } from "@/lib/launch/launch-settings";

export async function launchSettingsAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("admin");
    await updateLaunchSettings(actor, input);
    revalidatePath("/settings/approvals");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateLaunchSettings");
  }
}

const decision = z.object({ id: z.string().min(1).max(64) }).passthrough();

export async function decideAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(decision, input);
    if (!parsed.ok) return parsed;
    const { id, ...rest } = parsed.data;
    await decideChangeRequest(actor, id, rest);
    revalidatePath("/settings/approvals");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "decideChangeRequest");
  }
}
