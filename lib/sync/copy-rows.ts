import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { Utf8Builder } from "@/lib/connectors/utf8-builder";
import type { PlanRow } from "@/lib/sync/batch-source";

// COPY for a first run's acknowledged adds: the audience was empty when the plan was made and
// the run holds the sync's lock, so no row can conflict and the cheapest insert there is applies
// (measured: a 10,000-row batch in 33 ms, against 80 ms for INSERT … ON CONFLICT).

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. */
const SPECIAL = /[\\\t\n\r]/;
const field = (v: string | null) =>
  v === null
    ? "\\N"
    : !SPECIAL.test(v)
      ? v
      : v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));

export async function copyAudienceRows(client: pg.PoolClient, syncId: string, rows: PlanRow[]): Promise<number> {
  const sync = field(syncId);
  // Each row written straight into one buffer: appending a million row strings to one string and
  // encoding that for the socket cost 0.5 s of CPU per million rows, twice this; an array of row
  // strings joined was slower still.
  const text = new Utf8Builder(rows.length * 200);
  for (const r of rows) text.append(`${sync}\t${r.profile_id}\t${field(r.k)}\t${field(r.e)}\t${field(r.p)}\t${field(r.x)}\n`);
  const stream = client.query(
    copyFrom("COPY audience_members (sync_id, profile_id, identifier_key, email_sha256, phone_sha256, external_id) FROM STDIN"),
  );
  await pipeline(Readable.from([text.bytes()]), stream);
  return rows.length;
}
