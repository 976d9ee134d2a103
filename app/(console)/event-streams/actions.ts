"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { replayInput } from "@/lib/openapi/operations/event-streams";
import { createStream, createStreamInput } from "@/lib/streams/create-stream";
import { deleteStream } from "@/lib/streams/delete-stream";
import { replayStream } from "@/lib/streams/replay-stream";
import { endStreamRotation, rotateStreamSecret } from "@/lib/streams/rotate-stream-secret";
import { pauseStream, resumeStream, updateStream, updateStreamInput } from "@/lib/streams/update-stream";

// The console's event-stream actions: the same domain functions the API calls. A new signing
// secret goes back to the browser in the action's answer only, to be shown once.

/** Creates the stream; the page shows its signing secret once, then links to the stream. */
export async function createStreamAction(input: unknown): Promise<ActionResult<{ id: string; signingSecret: string | null }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(createStreamInput, input);
    if (!parsed.ok) return parsed;
    const { stream, signingSecret } = await createStream(actor, parsed.data);
    revalidatePath("/event-streams");
    return { ok: true, id: stream.id, signingSecret };
  } catch (e) {
    return actionFailure(e, "createStream");
  }
}

const updateActionInput = updateStreamInput.extend({ streamId: z.string().min(1) });

/** Saves the edit form: the same checks as creating (and as PATCH /api/v1/event-streams/{id}), blank secrets kept. */
export async function updateStreamAction(input: unknown): Promise<ActionResult<{ id: string; signingSecret: null }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(updateActionInput, input);
    if (!parsed.ok) return parsed;
    const { streamId, ...patch } = parsed.data;
    const stream = await updateStream(actor, streamId, patch);
    revalidatePath(`/event-streams/${streamId}`);
    revalidatePath("/event-streams");
    return { ok: true, id: stream.id, signingSecret: null };
  } catch (e) {
    return actionFailure(e, "updateStream");
  }
}

const idInput = z.object({ streamId: z.string().min(1) });

function streamAction<T extends object>(
  name: string,
  run: (actor: Awaited<ReturnType<typeof requireActionActor>>, streamId: string, input: unknown) => Promise<T>,
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const actor = await requireActionActor("editor");
      const parsed = parseInput(idInput.passthrough(), input);
      if (!parsed.ok) return parsed;
      const result = await run(actor, parsed.data.streamId, input);
      revalidatePath(`/event-streams/${parsed.data.streamId}`);
      revalidatePath("/event-streams");
      return { ok: true, ...result };
    } catch (e) {
      return actionFailure(e, name);
    }
  };
}

export async function pauseStreamAction(input: unknown) {
  return streamAction("pauseStream", async (actor, id) => (await pauseStream(actor, id), {}))(input);
}

export async function resumeStreamAction(input: unknown) {
  return streamAction("resumeStream", async (actor, id) => (await resumeStream(actor, id), {}))(input);
}

export async function rotateSecretAction(input: unknown) {
  return streamAction("rotateStreamSecret", async (actor, id) => ({ signingSecret: (await rotateStreamSecret(actor, id)).signingSecret }))(
    input,
  );
}

export async function endRotationAction(input: unknown) {
  return streamAction("endStreamRotation", async (actor, id) => (await endStreamRotation(actor, id), {}))(input);
}

export async function deleteStreamAction(input: unknown) {
  return streamAction("deleteStream", async (actor, id) => deleteStream(actor, id))(input);
}

const replayActionInput = z.object({ streamId: z.string().min(1), replay: replayInput });

export async function replayAction(input: unknown): Promise<ActionResult<{ replayed: number }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(replayActionInput, input);
    if (!parsed.ok) return parsed;
    const result = await replayStream(actor, parsed.data.streamId, parsed.data.replay);
    revalidatePath(`/event-streams/${parsed.data.streamId}`);
    return { ok: true, ...result };
  } catch (e) {
    return actionFailure(e, "replayStream");
  }
}
