"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { acknowledgeAlert } from "@/lib/monitoring/alerts/acknowledge-alert";
import { createRuleInput, updateRuleInput } from "@/lib/monitoring/alerts/rule-schemas";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/monitoring/alerts/save-rule";

export async function acknowledgeAlertAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(z.object({ alertId: z.string().min(1) }), input);
    if (!parsed.ok) return parsed;
    await acknowledgeAlert(actor, parsed.data.alertId);
    revalidatePath("/alerts");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "acknowledgeAlert");
  }
}

export async function createAlertRuleAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(createRuleInput, input);
    if (!parsed.ok) return parsed;
    await createAlertRule(actor, parsed.data);
    revalidatePath("/alerts");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "createAlertRule");
  }
}

export async function updateAlertRuleAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(z.object({ ruleId: z.string().min(1), change: updateRuleInput }), input);
    if (!parsed.ok) return parsed;
    await updateAlertRule(actor, parsed.data.ruleId, parsed.data.change);
    revalidatePath("/alerts");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateAlertRule");
  }
}

export async function deleteAlertRuleAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(z.object({ ruleId: z.string().min(1) }), input);
    if (!parsed.ok) return parsed;
    await deleteAlertRule(actor, parsed.data.ruleId);
    revalidatePath("/alerts");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteAlertRule");
  }
}
