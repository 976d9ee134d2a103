"use server";

import { revalidatePath } from "next/cache";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { globalControlInput, setGlobalControl } from "@/lib/measurement/global-control";

export async function setGlobalControlAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(globalControlInput, input);
    if (!parsed.ok) return parsed;
    await setGlobalControl(actor, parsed.data);
    revalidatePath("/settings/global-control");
    revalidatePath("/measurement");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "setGlobalControl");
  }
}
