"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { startValidation } from "@/lib/validation/start-validation";
import { markTestProfiles, markTestProfilesSchema, unmarkTestProfiles } from "@/lib/validation/test-profiles";
import { startValidationSchema } from "@/lib/validation/validation-schemas";

export async function startValidationAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(startValidationSchema, input);
    if (!parsed.ok) return parsed;
    const run = await startValidation(actor, parsed.data);
    revalidatePath("/validation");
    return { ok: true, id: run.id };
  } catch (e) {
    return actionFailure(e, "startValidation");
  }
}

export async function markTestProfilesAction(input: unknown): Promise<ActionResult<{ message: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(markTestProfilesSchema, input);
    if (!parsed.ok) return parsed;
    const r = await markTestProfiles(actor, parsed.data);
    revalidatePath("/validation");
    const what = r.created ? `Created ${r.created} test profile${r.created === 1 ? "" : "s"}` : `Marked ${r.marked} as test profiles`;
    const already = r.alreadyTest && !r.created ? ` (${r.alreadyTest} already were)` : "";
    const left = r.segmentsRefreshed
      ? `; ${r.segmentsRefreshed} segment${r.segmentsRefreshed === 1 ? "" : "s"} refreshed so they left them`
      : "";
    return { ok: true, message: `${what}${already}${left}.` };
  } catch (e) {
    return actionFailure(e, "markTestProfiles");
  }
}

export async function unmarkTestProfileAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(z.object({ id: z.string().regex(/^\d+$/) }), input);
    if (!parsed.ok) return parsed;
    await unmarkTestProfiles(actor, { ids: [parsed.data.id] });
    revalidatePath("/validation");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "unmarkTestProfile");
  }
}
