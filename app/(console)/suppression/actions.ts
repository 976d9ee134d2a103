"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { createSuppressionRule, deleteSuppressionRule, updateSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSuppressionRuleInput } from "@/lib/suppression/suppression-schemas";

export async function createRuleAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(createSuppressionRuleInput, input);
    if (!parsed.ok) return parsed;
    await createSuppressionRule(actor, parsed.data);
    revalidatePath("/suppression");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "createSuppressionRule");
  }
}

const toggleInput = z.object({ ruleId: z.string().min(1), enabled: z.boolean() });

export async function toggleRuleAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(toggleInput, input);
    if (!parsed.ok) return parsed;
    await updateSuppressionRule(actor, parsed.data.ruleId, { enabled: parsed.data.enabled });
    revalidatePath("/suppression");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "toggleSuppressionRule");
  }
}

export async function deleteRuleAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(z.object({ ruleId: z.string().min(1) }), input);
    if (!parsed.ok) return parsed;
    await deleteSuppressionRule(actor, parsed.data.ruleId);
    revalidatePath("/suppression");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteSuppressionRule");
  }
}
