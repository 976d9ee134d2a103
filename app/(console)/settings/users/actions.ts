"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { createUser, createUserInput, updateUser, updateUserInput } from "@/lib/auth/users";

// Thin: authenticate, validate, call lib (which checks the role again and audits), shape.

const createForm = createUserInput.extend({
  // An empty name field means "no name", not an empty string.
  name: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), createUserInput.shape.name),
});

export async function createUserAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  try {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(createForm, input);
    if (!parsed.ok) return parsed;
    const user = await createUser(actor, parsed.data);
    revalidatePath("/settings/users");
    return { ok: true, email: user.email };
  } catch (e) {
    return actionFailure(e, "createUser");
  }
}

export async function updateUserAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(updateUserInput, input);
    if (!parsed.ok) return parsed;
    await updateUser(actor, parsed.data);
    revalidatePath("/settings/users");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateUser");
  }
}
