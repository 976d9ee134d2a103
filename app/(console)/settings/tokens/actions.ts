"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionFailure, parseInput, type ActionResult } from "@/lib/actions/action-result";
import { createApiToken, createTokenInput, revokeApiToken } from "@/lib/auth/api-tokens";
import { requireActionActor } from "@/lib/auth/session";

/** Returns the plaintext token exactly once; only its hash is stored. */
export async function createTokenAction(input: unknown): Promise<ActionResult<{ token: string; name: string }>> {
  try {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(createTokenInput, input);
    if (!parsed.ok) return parsed;
    const created = await createApiToken(actor, parsed.data);
    revalidatePath("/settings/tokens");
    return { ok: true, token: created.token, name: created.name };
  } catch (e) {
    return actionFailure(e, "createApiToken");
  }
}

const revokeInput = z.object({ tokenId: z.string().min(1) });

export async function revokeTokenAction(input: unknown): Promise<ActionResult> {
  try {
    const actor = await requireActionActor("admin");
    const parsed = parseInput(revokeInput, input);
    if (!parsed.ok) return parsed;
    await revokeApiToken(actor, parsed.data.tokenId);
    revalidatePath("/settings/tokens");
    return { ok: true };
  } catch (e) {
    return actionFailure(e, "revokeApiToken");
  }
}
