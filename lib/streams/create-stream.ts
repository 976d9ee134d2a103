import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { ensureEndpoint } from "@/lib/delivery/endpoints";
import { generateSigningSecret } from "@/lib/delivery/signing";
import { AppError } from "@/lib/errors";
import { checkStreamSelector } from "@/lib/streams/check-stream-selector";
import { sealStreamCredentials } from "@/lib/streams/stream-credentials";
import {
  streamSelectorSchema,
  warehouseStreamCredentialsSchema,
  warehouseStreamSettingsSchema,
  webhookStreamSettingsSchema,
} from "@/lib/streams/stream-schemas";
import { streamView } from "@/lib/streams/stream-view";
import { txQuery } from "@/lib/streams/tx-query";
import { checkWarehouse } from "@/lib/streams/warehouse-writer";

// Creating a stream: validate (fields by name, events that exist, a warehouse that answers),
// then in one transaction the record, its ledger endpoint (same id) and the audit entry. The
// stream forwards events stored by transactions from `start_xid` on: the snapshot's xmax, taken
// in the inserting transaction, so every event committed after this moment is its to forward.

export const streamName = z.string().trim().min(1, "Give the stream a name").max(120);
export const streamDescription = z.string().trim().max(500);

export const webhookDestinationInput = z.object({
  kind: z.literal("webhook"),
  settings: webhookStreamSettingsSchema,
  credentials: z
    .object({ authorization: z.string().trim().max(2000).optional().describe("Sent as the Authorization header, e.g. Bearer …") })
    .default({}),
});

export const warehouseDestinationInput = z.object({
  kind: z.literal("warehouse"),
  settings: warehouseStreamSettingsSchema,
  credentials: warehouseStreamCredentialsSchema,
});

export const createStreamInput = z.object({
  name: streamName,
  description: streamDescription.optional(),
  selector: streamSelectorSchema,
  destination: z.discriminatedUnion("kind", [webhookDestinationInput, warehouseDestinationInput]),
});
export type CreateStreamInput = z.input<typeof createStreamInput>;

/** Refuses a warehouse the stream could not write to, naming the field (destination.credentials.connectionString …). */
export async function assertWarehouseWritable(
  settings: z.output<typeof warehouseStreamSettingsSchema>,
  credentials: z.output<typeof warehouseStreamCredentialsSchema>,
) {
  const check = await checkWarehouse(settings, credentials);
  if (check.ok) return;
  const path = check.field === "connectionString" ? "destination.credentials.connectionString" : `destination.settings.${check.field}`;
  throw new AppError("validation_failed", check.message, { issues: [{ path, message: check.message }] });
}

/** The new stream, and its first signing secret (webhooks): returned this once, never again. */
export async function createStream(actor: Actor, input: CreateStreamInput) {
  requireRole(actor, "editor");
  const data = createStreamInput.parse(input);
  await checkStreamSelector(data.selector);
  const dest = data.destination;
  let signingSecret: string | null = null;
  let sealed: string;
  if (dest.kind === "webhook") {
    signingSecret = generateSigningSecret();
    sealed = sealStreamCredentials({
      signingSecrets: [{ secret: signingSecret, createdAt: new Date().toISOString(), expiresAt: null }],
      ...(dest.credentials.authorization ? { authorization: dest.credentials.authorization } : {}),
    });
  } else {
    await assertWarehouseWritable(dest.settings, dest.credentials);
    sealed = sealStreamCredentials(dest.credentials);
  }
  const row = await db().$transaction(async (tx) => {
    const [{ xmax }] = await tx.$queryRaw<[{ xmax: bigint }]>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax`;
    const stream = await tx.eventStream.create({
      data: {
        name: data.name,
        description: data.description || null,
        selector: data.selector,
        destinationKind: dest.kind,
        settings: dest.settings,
        credentialsEnc: sealed,
        startXid: xmax,
      },
    });
    await ensureEndpoint(txQuery(tx), stream.id, "event_stream");
    // Secrets never reach the audit log: only which ones were set.
    await recordAudit(tx, actor, {
      action: "event_stream.created",
      entityType: "event_stream",
      entityId: stream.id,
      after: {
        name: stream.name,
        selector: data.selector,
        destination: { kind: dest.kind, settings: dest.settings },
        credentialsSet:
          dest.kind === "webhook" ? ["signingSecrets", ...(dest.credentials.authorization ? ["authorization"] : [])] : ["connectionString"],
      },
    });
    return stream;
  });
  return { stream: streamView(row), signingSecret };
}
