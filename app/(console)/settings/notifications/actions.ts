"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { createChannelInput, updateChannelInput } from "@/lib/monitoring/notifications/channel-schemas";
import { createChannel } from "@/lib/monitoring/notifications/create-channel";
import { deleteChannel } from "@/lib/monitoring/notifications/delete-channel";
import { sendTestNotification, type TestResult } from "@/lib/monitoring/notifications/send-test-notification";
import { updateChannel } from "@/lib/monitoring/notifications/update-channel";

const PATH = "/settings/notifications";
const idInput = z.object({ channelId: z.string().min(1) });

/** A webhook channel's signing secret is returned this once; only its last 4 characters are shown later. */
export async function createChannelAction(input: unknown): Promise<ActionResult<{ signingSecret: string | null; name: string }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(createChannelInput, input);
    if (!parsed.ok) return parsed;
    const { channel, signingSecret } = await createChannel(actor, parsed.data);
    revalidatePath(PATH);
    return { ok: true, signingSecret, name: channel.name };
  } catch (e) {
    return actionFailure(e, "createNotificationChannel");
  }
}

export async function updateChannelAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput.extend({ change: updateChannelInput }), input);
    if (!parsed.ok) return parsed;
    await updateChannel(actor, parsed.data.channelId, parsed.data.change);
    revalidatePath(PATH);
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "updateNotificationChannel");
  }
}

export async function deleteChannelAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    await deleteChannel(actor, parsed.data.channelId);
    revalidatePath(PATH);
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "deleteNotificationChannel");
  }
}

export async function testChannelAction(input: unknown): Promise<ActionResult<{ result: TestResult }>> {
  try {
    const actor = await requireActionActor("editor");
    const parsed = parseInput(idInput, input);
    if (!parsed.ok) return parsed;
    const result = await sendTestNotification(actor, parsed.data.channelId);
    revalidatePath(PATH);
    return { ok: true, result };
  } catch (e) {
    return actionFailure(e, "testNotificationChannel");
  }
}
