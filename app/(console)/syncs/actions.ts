"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { createSync } from "@/lib/sync/create-sync";
import { deleteSync } from "@/lib/sync/delete-sync";
import type { DryRun } from "@/lib/sync/dry-run-sync";
import { createSyncInput, syncStateInput } from "@/lib/sync/sync-schemas";
import { requestSyncRun } from "@/lib/sync/trigger-run";
import { setSyncState } from "@/lib/sync/update-sync";

export async function createSyncAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(createSyncInput, input);
    if (!parsed.ok) return parsed;
    const sync = await createSync(actor, parsed.data);
    revalidatePath("/syncs");
    return { ok: true, id: sync.id };
  } catch (e) {
    return actionFailure(e, "createSync");
  }
}

const idInput = z.object({ syncId: z.string().min(1) });

/** "Sync now": queues a run for the worker and returns it, so the page can open the live run. */
export async function syncNowAction(input: unknown): Promise<ActionResult<{ runId: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    const run = await requestSyncRun(actor, parsed.data.syncId);
    revalidatePath(`/syncs/${parsed.data.syncId}`);
    return { ok: true, runId: "runId" in run ? run.runId : run.id };
  } catch (e) {
    return actionFailure(e, "syncNow");
  }
}

export async function previewSyncAction(input: unknown): Promise<ActionResult<{ preview: DryRun }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    const preview = (await requestSyncRun(actor, parsed.data.syncId, { dryRun: true })) as DryRun;
    revalidatePath(`/syncs/${parsed.data.syncId}`);
    return { ok: true, preview };
  } catch (e) {
    return actionFailure(e, "previewSync");
  }
}

const stateInput = idInput.merge(syncStateInput);

export async function setSyncStateAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(stateInput, input);
    if (!parsed.ok) return parsed;
    // override: an admin's reason to go live with launch gates open (lib/launch/go-live.ts).
    await setSyncState(actor, parsed.data.syncId, { state: parsed.data.state, override: parsed.data.override });
    revalidatePath(`/syncs/${parsed.data.syncId}`);
    revalidatePath("/syncs");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "setSyncState");
  }
}

export async function deleteSyncAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    await deleteSync(actor, parsed.data.syncId);
    revalidatePath("/syncs");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteSync");
  }
}
