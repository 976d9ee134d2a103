"use server";

import { revalidatePath } from "next/cache";
import { actionFailure, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { createSegment } from "@/lib/segments/create-segment";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { refreshSegmentNow } from "@/lib/segments/refresh/refresh-due";
import { updateSegment } from "@/lib/segments/update-segment";
import { segmentChangeImpact, type SegmentImpact } from "@/lib/launch/segment-impact";

// Thin: authenticate, call lib (which checks the role, validates and audits), shape the result.

export async function createSegmentAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const { segment } = await createSegment(actor, input);
    revalidatePath("/segments");
    return { ok: true, id: segment.id };
  } catch (e) {
    return actionFailure(e, "createSegment");
  }
}

export async function updateSegmentAction(id: string, input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const actor = await requireActionActor("editor");
    await updateSegment(actor, id, input);
    revalidatePath("/segments");
    revalidatePath(`/segments/${id}`);
    return { ok: true, id };
  } catch (e) {
    return actionFailure(e, "updateSegment");
  }
}

/** The risky-edit guard's figures for the save dialog: per live audience, who the change adds and removes. */
export async function segmentImpactAction(id: string, definition: unknown): Promise<ActionResult<{ impact: SegmentImpact }>> {
  try {
    const actor = await requireActionActor("editor");
    return { ok: true, impact: await segmentChangeImpact(actor, id, definition) };
  } catch (e) {
    return actionFailure(e, "segmentImpact");
  }
}

export async function deleteSegmentAction(id: string): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    await deleteSegment(actor, id);
    revalidatePath("/segments");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteSegment");
  }
}

export async function refreshSegmentAction(
  id: string,
): Promise<ActionResult<{ entered: number; exited: number; size: number; ms: number }>> {
  try {
    const actor = await requireActionActor("editor");
    const r = await refreshSegmentNow(actor, id);
    revalidatePath(`/segments/${id}`);
    return { ok: true, entered: r.entered, exited: r.exited + r.capped, size: r.size, ms: r.ms };
  } catch (e) {
    return actionFailure(e, "refreshSegment");
  }
}
