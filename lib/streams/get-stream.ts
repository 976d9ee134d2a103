import type { PageQuery } from "@/lib/api/paging";
import { bigintCursor } from "@/lib/api/paging";
import { db, pool } from "@/lib/db";
import { listAttempts } from "@/lib/delivery/attempts";
import { listDeadLetters } from "@/lib/delivery/dead-letters";
import { endpointFigures } from "@/lib/delivery/endpoint-figures";
import { AppError } from "@/lib/errors";
import { withFigures, type ListedStream } from "@/lib/streams/list-streams";
import { streamView } from "@/lib/streams/stream-view";

// One stream with its status and figures, and its ledger records (attempts, dead letters),
// each a 404 for a stream that does not exist rather than an empty list.

export async function getStream(streamId: string): Promise<ListedStream> {
  const row = await db().eventStream.findUnique({ where: { id: streamId } });
  if (!row) throw new AppError("not_found", "No such event stream.");
  return withFigures(streamView(row), await endpointFigures([streamId]));
}

async function assertExists(streamId: string) {
  const row = await db().eventStream.findUnique({ where: { id: streamId }, select: { id: true } });
  if (!row) throw new AppError("not_found", "No such event stream.");
}

/** Newest first. */
export async function streamAttempts(streamId: string, page: PageQuery) {
  bigintCursor(page.cursor); // a cursor we did not issue is a 400, before any query
  await assertExists(streamId);
  return listAttempts(streamId, page);
}

/**
 * Newest first, each with `personLabel`: the person as a marketer knows them (external id, else
 * email, else the anonymous id) instead of the ledger's ordering key (`p:<internal id>`).
 */
export async function streamDeadLetters(streamId: string, page: PageQuery) {
  bigintCursor(page.cursor);
  await assertExists(streamId);
  const { deadLetters, nextCursor } = await listDeadLetters(streamId, page);
  const profileIds = deadLetters.flatMap((d) => (/^p:\d+$/.test(d.person) ? [d.person.slice(2)] : []));
  const { rows } = profileIds.length
    ? await pool().query<{ id: string; label: string | null }>(
        `SELECT id::text, COALESCE(external_id, email) AS label FROM profiles WHERE id = ANY($1::bigint[])`,
        [profileIds],
      )
    : { rows: [] };
  const labels = new Map(rows.map((r) => [`p:${r.id}`, r.label]));
  const label = (key: string) =>
    labels.get(key) ?? (key.startsWith("a:") ? `anonymous ${key.slice(2)}` : key.startsWith("p:") ? "a deleted person" : key);
  return { deadLetters: deadLetters.map((d) => ({ ...d, personLabel: label(d.person) })), nextCursor };
}
