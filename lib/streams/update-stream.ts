import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { invalidSummary } from "@/lib/actions/action-result";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { pauseEndpoint, resumeEndpoint } from "@/lib/delivery/endpoints";
import { AppError } from "@/lib/errors";
import { checkStreamSelector } from "@/lib/streams/check-stream-selector";
import { assertWarehouseWritable, streamDescription, streamName } from "@/lib/streams/create-stream";
import { openStreamCredentials, sealStreamCredentials } from "@/lib/streams/stream-credentials";
import {
  streamSelectorSchema,
  warehouseStreamSettingsSchema,
  webhookStreamSettingsSchema,
  type WarehouseStreamCredentials,
  type WebhookStreamCredentials,
} from "@/lib/streams/stream-schemas";
import { streamView } from "@/lib/streams/stream-view";
import { safeParseHuman } from "@/lib/validation/human-issue";

// Editing a stream: name, selector and settings replace; secrets merge (blank keeps the saved
// one). The destination's kind never changes (make a new stream). Signing secrets change only by
// rotation (rotate-stream-secret.ts). Like a destination's, a saved Authorization value is bound to
// the URL it was entered for: moving the URL without entering it again is refused, or an editor
// could aim the stream at their own server and collect it.

export const updateStreamInput = z.strictObject({
  name: streamName.optional(),
  description: streamDescription.nullable().optional(),
  selector: streamSelectorSchema.optional(),
  destination: z
    .strictObject({
      settings: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("The whole settings object of the stream's kind; it replaces the saved one."),
      credentials: z
        .strictObject({
          authorization: z.string().trim().max(2000).optional().describe("Webhook: a new Authorization value; empty keeps the saved one."),
          connectionString: z.string().trim().optional().describe("Warehouse: a new connection string; empty keeps the saved one."),
        })
        .optional(),
    })
    .optional(),
});
export type UpdateStreamInput = z.input<typeof updateStreamInput>;

// The same sentences as creating says for the same field ("Batch size must be 1,000 or less"),
// and a summary without paths: the console shows it above the form, the API adds `issues`.
function settingsOrIssues<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = safeParseHuman(schema, value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: ["destination", "settings", ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new AppError("validation_failed", invalidSummary(Object.fromEntries(issues.map((i) => [i.path, i.message]))), { issues });
}

export async function updateStream(actor: Actor, streamId: string, input: UpdateStreamInput) {
  requireRole(actor, "editor");
  const data = updateStreamInput.parse(input);
  const before = await db().eventStream.findUnique({ where: { id: streamId } });
  if (!before) throw new AppError("not_found", "No such event stream.");
  if (data.selector) await checkStreamSelector(data.selector);
  const fresh = data.destination?.credentials ?? {};
  let settings: object | undefined;
  let credentialsEnc: string | undefined;
  const changed: string[] = [];
  if (before.destinationKind === "webhook") {
    const saved = openStreamCredentials("webhook", before.credentialsEnc);
    if (data.destination?.settings) {
      const next = settingsOrIssues(webhookStreamSettingsSchema, data.destination.settings);
      const oldUrl = (before.settings as { url?: string }).url;
      if (next.url !== oldUrl && saved.authorization && !fresh.authorization) {
        const message =
          "Enter the Authorization value again: the URL changed, and saved credentials are only sent to the URL they were entered for.";
        throw new AppError("validation_failed", message, { issues: [{ path: "destination.credentials.authorization", message }] });
      }
      settings = next;
    }
    if (fresh.authorization) {
      const next: WebhookStreamCredentials = { ...saved, authorization: fresh.authorization };
      credentialsEnc = sealStreamCredentials(next);
      changed.push("authorization");
    }
  } else {
    const saved = openStreamCredentials("warehouse", before.credentialsEnc);
    const nextCreds: WarehouseStreamCredentials = fresh.connectionString ? { connectionString: fresh.connectionString } : saved;
    const nextSettings = data.destination?.settings
      ? settingsOrIssues(warehouseStreamSettingsSchema, data.destination.settings)
      : warehouseStreamSettingsSchema.parse(before.settings);
    if (data.destination?.settings || fresh.connectionString) {
      await assertWarehouseWritable(nextSettings, nextCreds);
      if (data.destination?.settings) settings = nextSettings;
      if (fresh.connectionString) {
        credentialsEnc = sealStreamCredentials(nextCreds);
        changed.push("connectionString");
      }
    }
  }
  const row = await db().$transaction(async (tx) => {
    const row = await tx.eventStream.update({
      where: { id: streamId },
      data: {
        name: data.name,
        description: data.description === undefined ? undefined : data.description || null,
        selector: data.selector,
        settings,
        credentialsEnc,
      },
    });
    await recordAudit(tx, actor, {
      action: "event_stream.updated",
      entityType: "event_stream",
      entityId: streamId,
      before: { name: before.name, selector: before.selector, settings: before.settings },
      after: { name: row.name, selector: row.selector, settings: row.settings, credentialsReplaced: changed },
    });
    return row;
  });
  return streamView(row);
}

async function auditState(actor: Actor, streamId: string, action: string, after: object) {
  await db().$transaction((tx) => recordAudit(tx, actor, { action, entityType: "event_stream", entityId: streamId, after }));
}

/** Stops sending; new events are still recorded and wait until resumed. */
export async function pauseStream(actor: Actor, streamId: string) {
  requireRole(actor, "editor");
  const row = await db().eventStream.findUnique({ where: { id: streamId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such event stream.");
  await pauseEndpoint(streamId, `Paused by ${actor.label}`);
  await auditState(actor, streamId, "event_stream.paused", { state: "paused" });
}

/** Sends again from where it stopped, oldest first (also after a 410 or a hold). */
export async function resumeStream(actor: Actor, streamId: string) {
  requireRole(actor, "editor");
  const row = await db().eventStream.findUnique({ where: { id: streamId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such event stream.");
  await resumeEndpoint(streamId);
  await auditState(actor, streamId, "event_stream.resumed", { state: "active" });
}
