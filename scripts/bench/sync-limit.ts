import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "@/lib/connectors/webhook/signature";

// What this machine can do for an initial sync, with none of the engine: the segment's members
// and their identifiers read with one COPY, POSTed as signed batches (the webhook's JSON, the
// same members and fields the engine sends) to a receiver like the engine's, `concurrency` in
// flight. With `state`, every acknowledged batch is also written by COPY into a scratch copy of
// audience_members (the engine's delivered set), as the least any engine that remembers what it
// sent must do. The copy is an ordinary (logged) table, each batch's COPY its own transaction, as
// the engine's commits are: a temporary table writes no WAL and is gone after a crash, so it would
// measure an engine that forgets what it delivered. The sync bench prints the engine's figure
// against these.

export type LimitResult = { members: number; seconds: number; perSecond: number };

const MEMBERS_SQL = `COPY (
  SELECT p.id, p.email, p.email_sha256, p.phone, p.phone_sha256
  FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id
  WHERE m.segment_id = 'bench_all' ORDER BY m.profile_id) TO STDOUT`;

/** The scratch delivered set (dropped after the measurement). */
const STATE_TABLE = "bench_limit_members";

type Member = { key: string; email?: string; email_sha256?: string; phone?: string; phone_sha256?: string };

export async function measureLimit(
  url: string,
  target: { url: string; secret: string },
  opts: { batch: number; concurrency: number; state: boolean },
): Promise<LimitResult> {
  const reader = new pg.Client({ connectionString: url });
  const writer = new pg.Client({ connectionString: url });
  await Promise.all([reader.connect(), writer.connect()]);
  try {
    if (opts.state) {
      await writer.query(`DROP TABLE IF EXISTS ${STATE_TABLE}`);
      await writer.query(`CREATE TABLE ${STATE_TABLE} (LIKE audience_members INCLUDING DEFAULTS INCLUDING INDEXES)`);
    }
    const started = performance.now();
    let members = 0;
    let seq = 0;
    const inflight = new Set<Promise<void>>();
    let failure: unknown = null;
    let pending: Member[] = [];
    let writes = Promise.resolve();
    const send = (batch: Member[]) => {
      const n = ++seq;
      const body = JSON.stringify({
        event: "audience.members.added",
        audience_id: "limit",
        sent_at: new Date().toISOString(),
        batch: { run_id: "limit", seq: n, last: false },
        members: batch,
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const task = fetch(target.url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          [EVENT_HEADER]: "audience.members.added",
          [DELIVERY_HEADER]: `limit:${n}`,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
        },
      })
        .then(async (res) => {
          await res.text();
          if (!res.ok) throw new Error(`receiver answered ${res.status}`);
          members += batch.length;
          if (opts.state) writes = writes.then(() => copyState(writer, batch));
        })
        .catch((e) => void (failure ??= e))
        .finally(() => inflight.delete(task));
      inflight.add(task);
    };
    let tail = "";
    const sink = new Writable({
      // Backpressure: the COPY stream waits while `concurrency` requests are out.
      async write(chunk: Buffer, _enc, done) {
        const lines = (tail + chunk.toString("utf8")).split("\n");
        tail = lines.pop()!;
        for (const line of lines) {
          const [id, email, e, phone, p] = line.split("\t");
          const m: Member = { key: id! };
          if (email !== "\\N") m.email = email;
          if (e !== "\\N") m.email_sha256 = e;
          if (phone !== "\\N") m.phone = phone;
          if (p !== "\\N") m.phone_sha256 = p;
          pending.push(m);
          if (pending.length === opts.batch) {
            send(pending);
            pending = [];
            while (inflight.size >= opts.concurrency) await Promise.race(inflight);
          }
        }
        done(failure as Error | null);
      },
    });
    await pipeline(reader.query(copyTo(MEMBERS_SQL)), sink);
    if (pending.length) send(pending);
    await Promise.all(inflight);
    await writes;
    if (failure) throw failure;
    const seconds = (performance.now() - started) / 1000;
    return { members, seconds, perSecond: Math.round(members / seconds) };
  } finally {
    if (opts.state) await writer.query(`DROP TABLE IF EXISTS ${STATE_TABLE}`).catch(() => {});
    await Promise.all([reader.end(), writer.end()]);
  }
}

async function copyState(c: pg.Client, batch: Member[]) {
  const n = (v: string | undefined) => v ?? "\\N";
  const text = batch.map((m) => `limit\t${m.key}\te:${n(m.email_sha256)}\t${n(m.email_sha256)}\t${n(m.phone_sha256)}\t\\N\n`).join("");
  const stream = c.query(
    copyFrom(`COPY ${STATE_TABLE} (sync_id, profile_id, identifier_key, email_sha256, phone_sha256, external_id) FROM STDIN`),
  );
  await pipeline(async function* () {
    yield text;
  }, stream);
}
