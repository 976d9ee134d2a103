import type { MemberValidation } from "@/lib/connectors/contract";
import { isConnectorError } from "@/lib/connectors/errors";
import { egressFetch } from "@/lib/egress/egress-fetch";
import { callRecorder } from "@/lib/destinations/call-recorder";
import { tableSource, toItem } from "@/lib/sync/batch-source";
import type { LoadedSync } from "@/lib/sync/load-sync";
import type { Queryable } from "@/lib/sync/sql";

// Dry runs on platforms with a validate-only mode (Google Data Manager API: validateOnly) send the
// first planned adds to be checked without applying them, so a preview can show the platform's
// own objection (missing consent, a list that does not exist) before anything is delivered.

const SAMPLE = 1_000;

export async function validateWithPlatform(
  loaded: LoadedSync,
  q: Queryable,
  runId: string,
  fetcher: typeof fetch = egressFetch,
): Promise<MemberValidation | null> {
  const { connector, sync } = loaded;
  if (!connector.validateMembers || !sync.remoteAudienceId) return null;
  const rows = await tableSource(q, runId).next("add", Math.min(SAMPLE, loaded.batchSize));
  if (!rows.length) return null;
  const calls = callRecorder(sync.destinationId, runId);
  try {
    return await connector.validateMembers(
      { settings: loaded.settings, credentials: loaded.credentials, fetch: fetcher, observe: calls.observe },
      sync.remoteAudienceId,
      rows.map(toItem),
    );
  } catch (e) {
    // A preview never fails on the platform being slow or unreachable: it says so.
    if (isConnectorError(e)) return { ok: false, message: e.message, ...(e.details.hint ? { hint: e.details.hint } : {}) };
    throw e;
  } finally {
    await calls.flush();
  }
}
