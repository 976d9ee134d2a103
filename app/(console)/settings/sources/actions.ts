"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { requireActionActor } from "@/lib/auth/session";
import { decryptSecret } from "@/lib/crypto";
import { setCountryInput, setDefaultCountry } from "@/lib/identity/default-country";
import {
  createSource,
  createSourceInput,
  getSource,
  revokeSource,
  rotateSourceInput,
  rotateSourceKey,
  updateSource,
} from "@/lib/sources/manage-sources";

// Server actions for Settings → Sources. Each authenticates, validates and calls lib/sources,
// which checks the role again and writes the audit entry.

const PATH = "/settings/sources";
const sourceId = z.object({ sourceId: z.string().min(1) });

async function run<T extends object>(name: string, work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (e) {
    return actionFailure(e, name);
  }
}

export const createSourceAction = async (input: unknown) =>
  run("createSource", async () => {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(createSourceInput, input);
    if (!parsed.ok) return parsed;
    await createSource(actor, parsed.data);
    revalidatePath(PATH);
    return { ok: true };
  });

export const setSigningKeyAction = async (input: unknown) =>
  run("setSigningKey", async () => {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(
      sourceId.extend({ webhookSigningKey: z.string().trim().min(8, "Paste the full signing key").max(200).nullable() }),
      input,
    );
    if (!parsed.ok) return parsed;
    await updateSource(actor, parsed.data.sourceId, { webhookSigningKey: parsed.data.webhookSigningKey });
    revalidatePath(PATH);
    return { ok: true };
  });

export const rotateKeyAction = async (input: unknown) =>
  run("rotateSourceKey", async () => {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(sourceId.extend(rotateSourceInput.shape), input);
    if (!parsed.ok) return parsed;
    await rotateSourceKey(actor, parsed.data.sourceId, { key: parsed.data.key });
    revalidatePath(PATH);
    return { ok: true };
  });

export const revokeSourceAction = async (input: unknown) =>
  run("revokeSource", async () => {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(sourceId, input);
    if (!parsed.ok) return parsed;
    await revokeSource(actor, parsed.data.sourceId);
    revalidatePath(PATH);
    return { ok: true };
  });

/** The Customer.io API key, on request only, so it is never part of the page's HTML. */
export const revealApiKeyAction = async (input: unknown) =>
  run<{ apiKey: string }>("revealApiKey", async () => {
    await requireActionActor("admin");
    const parsed = parseInput(sourceId, input);
    if (!parsed.ok) return parsed;
    return { ok: true, apiKey: decryptSecret((await getSource(parsed.data.sourceId)).cioApiKeyEnc) };
  });

export const setCountryAction = async (input: unknown) =>
  run("setDefaultCountry", async () => {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(setCountryInput, input);
    if (!parsed.ok) return parsed;
    await setDefaultCountry(actor, parsed.data);
    revalidatePath(PATH);
    return { ok: true };
  });
