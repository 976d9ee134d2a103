import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import type { Connector } from "@/lib/connectors/contract";
import { nonBlank, parseWith, updateDestinationInput, type UpdateDestinationInput } from "@/lib/destinations/destination-schemas";
import { credentialFieldsSet, openCredentialsRaw, sealCredentials } from "@/lib/destinations/destination-credentials";
import { destinationView } from "@/lib/destinations/destination-view";
import { fieldLabel, fieldList } from "@/lib/connectors/field-label";
import { connectorFor } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import type { z } from "zod";

/**
 * Settings replace; credentials merge field by field (blank means "keep the saved one"), except
 * when an address setting changes (the webhook's Endpoint URL, Meta's API base URL, Google's
 * token endpoint…): saved credentials are bound to the address they were entered for, so the
 * update must carry every saved credential again, and the new ones replace the old outright.
 * Otherwise an editor could point the URL at their own server and have "Test connection" hand
 * it the saved token.
 */
export async function updateDestination(actor: Actor, destinationId: string, input: UpdateDestinationInput) {
  requireRole(actor, "editor");
  const data = updateDestinationInput.parse(input);
  return db().$transaction(async (tx) => {
    const before = await tx.destination.findUnique({ where: { id: destinationId } });
    if (!before) throw new AppError("not_found", "No such destination.");
    const connector = connectorFor(before.kind) as Connector<Record<string, unknown>, Record<string, unknown>>;
    const settings = data.settings
      ? (parseWith(connector.settingsSchema, data.settings, "settings") as Record<string, unknown>)
      : undefined;
    const fresh = nonBlank(data.credentials ?? {});
    const moved = settings ? movedAddresses(connector, before.settings, settings) : [];
    let credentialsEnc: string | undefined;
    if (moved.length && before.credentialsEnc) {
      assertReentered(connector, moved, credentialFieldsSet(before.credentialsEnc), fresh);
      credentialsEnc = sealCredentials(parseWith(connector.credentialsSchema, fresh, "credentials"));
    } else if (Object.keys(fresh).length) {
      credentialsEnc = sealCredentials(
        parseWith(connector.credentialsSchema, { ...openCredentialsRaw(before.credentialsEnc), ...fresh }, "credentials"),
      );
    }
    const row = await tx.destination.update({
      where: { id: destinationId },
      // New settings or secrets invalidate the last connection test.
      data: {
        name: data.name,
        settings: settings as object | undefined,
        credentialsEnc,
        ...(settings || credentialsEnc ? { lastTestOk: null, lastTestDetail: null, lastTestedAt: null } : {}),
      },
    });
    await recordAudit(tx, actor, {
      // Its own action, so "who aimed this destination's credentials somewhere else" is one filter away.
      action: moved.length ? "destination.address_changed" : "destination.updated",
      entityType: "destination",
      entityId: row.id,
      before: { name: before.name, settings: before.settings },
      after: {
        name: row.name,
        settings: row.settings,
        credentialsReplaced: Object.keys(fresh),
        ...(moved.length ? { addressChanged: moved } : {}),
      },
    });
    return destinationView(row);
  });
}

/** Address settings whose effective value (defaults applied) differs from the saved one. */
function movedAddresses(connector: Connector<Record<string, unknown>, unknown>, saved: unknown, next: Record<string, unknown>): string[] {
  const parsed = connector.settingsSchema.safeParse(saved);
  const old = (parsed.success ? parsed.data : (saved ?? {})) as Record<string, unknown>;
  return connector.addressSettings.filter((k) => String(old[k] ?? "") !== String(next[k] ?? ""));
}

function assertReentered(connector: Connector<unknown, unknown>, moved: string[], saved: string[], fresh: Record<string, unknown>) {
  const missing = saved.filter((k) => !(k in fresh));
  if (!missing.length) return;
  const settings = connector.settingsSchema as z.ZodType;
  const credentials = connector.credentialsSchema as z.ZodType;
  const where = fieldList(settings, moved);
  throw new AppError(
    "validation_failed",
    `You changed the ${where}. Saved credentials are only ever sent to the address they were entered for: enter the ${fieldList(credentials, missing)} again to use the new address.`,
    {
      issues: missing.map((k) => ({
        path: `credentials.${k}`,
        message: `Enter the ${fieldLabel(credentials, k)} again: the ${where} changed.`,
      })),
    },
  );
}
