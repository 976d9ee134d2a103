import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import type { ConnectionTest } from "@/lib/connectors/contract";
import { openCredentials } from "@/lib/destinations/destination-credentials";
import { connectorFor } from "@/lib/connectors/registry";
import { db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { callRecorder } from "@/lib/destinations/call-recorder";

// "Test connection": the connector's own check with the saved settings and secrets, recorded
// on the destination so the list shows when it last worked and, if not, why.
export async function testDestination(actor: Actor, destinationId: string): Promise<ConnectionTest> {
  requireRole(actor, "editor");
  const row = await db().destination.findUnique({ where: { id: destinationId } });
  if (!row) throw new AppError("not_found", "No such destination.");
  const connector = connectorFor(row.kind);
  let result: ConnectionTest;
  const calls = callRecorder(destinationId);
  try {
    const parsed = connector.settingsSchema.safeParse(row.settings);
    if (!parsed.success) throw new AppError("bad_request", `Settings are invalid: ${parsed.error.issues[0]?.message}`);
    result = await connector.testConnection({
      settings: parsed.data,
      credentials: openCredentials(connector, row.credentialsEnc),
      fetch: egressFetch,
      signal: AbortSignal.timeout(60_000),
      observe: calls.observe,
    });
  } catch (e) {
    if (!isAppError(e)) throw e;
    result = { ok: false, kind: "config", message: e.message, hint: "Edit the destination's settings." };
  } finally {
    await calls.flush();
  }
  const detail = result.ok ? result.detail : `${result.message} ${result.hint}`.trim();
  await db().destination.update({
    where: { id: destinationId },
    data: { lastTestedAt: new Date(), lastTestOk: result.ok, lastTestDetail: detail.slice(0, 1000) },
  });
  return result;
}
