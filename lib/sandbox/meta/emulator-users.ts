import type pg from "pg";
import { z } from "zod";
import { SHA256_HEX } from "@/lib/sandbox/digests";
import { graphError, termsError, usageHeader, type MetaEmulatorConfig } from "@/lib/sandbox/meta/emulator-config";
import { json } from "@/lib/sandbox/request";
import {
  addMembers,
  countCarrying,
  memberCounts,
  removeMembers,
  touchAudience,
  type AudienceRow,
  type MemberInput,
} from "@/lib/sandbox/store";

// POST / DELETE /{audience_id}/users (reference §1.1–§1.5): payload validation, upload
// sessions, member writes and the num_received / num_invalid_entries answer.

// Multi-key columns (§1.3). Hashed ones must be 64 lowercase hex; the rest travel raw.
const ALLOWED = new Set([
  "EXTERN_ID",
  "EMAIL",
  "PHONE",
  "GEN",
  "DOBY",
  "DOBM",
  "DOBD",
  "LN",
  "FN",
  "FI",
  "CT",
  "ST",
  "ZIP",
  "COUNTRY",
  "MADID",
  "APPUID",
  "PAGEUID",
  "LOOKALIKE_VALUE",
]);
const UNHASHED = new Set(["EXTERN_ID", "MADID", "APPUID", "PAGEUID", "LOOKALIKE_VALUE"]);
const IDENTITY = ["EMAIL", "PHONE", "EXTERN_ID", "MADID", "APPUID", "PAGEUID"];
// Legacy single-key schema names (§1.2) and the multi-key column each stands for.
const SINGLE_KEY: Record<string, string> = {
  EMAIL_SHA256: "EMAIL",
  PHONE_SHA256: "PHONE",
  MOBILE_ADVERTISER_ID: "MADID",
  UID: "EXTERN_ID",
};

// The envelope is parsed with zod; the (up to 10,000) rows are checked cell by cell in the one
// pass that validates hashes anyway, which keeps a 10k-row call in single-digit milliseconds.
const payloadSchema = z.object({ schema: z.union([z.array(z.string()).min(1), z.string()]), data: z.array(z.unknown()) }).passthrough();

const asCell = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

/** Rows as string cells, or the index of the first malformed row. */
function toRows(data: unknown[], multi: boolean): string[][] | number {
  const rows: string[][] = new Array(data.length);
  for (let r = 0; r < data.length; r++) {
    const raw = multi ? data[r] : [data[r]];
    if (!Array.isArray(raw)) return r;
    const row = new Array<string>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const c = asCell(raw[i]);
      if (c === undefined) return r;
      row[i] = c;
    }
    rows[r] = row;
  }
  return rows;
}
const sessionSchema = z.object({
  session_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String),
  batch_seq: z.coerce.number().int().min(1),
  last_batch_flag: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).default(false),
  estimated_num_total: z.coerce.number().int().min(0).optional(),
});

const badParam = (message: string) => graphError({ message: `(#100) ${message}`, code: 100 });

/** `payload` and `session` arrive as JSON strings in query/form encodings, objects in JSON bodies (§1.1). */
function jsonParam(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return Symbol.for("invalid");
  }
}

type SessionRow = { operation: string; max_seq: number; closed: boolean };

export async function handleUsers(
  db: pg.Pool,
  audience: AudienceRow,
  op: "add" | "remove",
  params: Record<string, unknown>,
  config: MetaEmulatorConfig,
): Promise<Response> {
  if (config.flaggedAudiences.includes(audience.id)) {
    return graphError({
      message: "(#100) This custom audience has been flagged and can no longer be updated.",
      code: 100,
      error_subcode: 1713230,
    });
  }
  if (config.termsNotAcceptedAccounts.includes(audience.account_id)) return termsError(audience.account_id);

  if (params.payload === undefined) return badParam("The parameter payload is required");
  const payload = payloadSchema.safeParse(jsonParam(params.payload));
  if (!payload.success) return badParam("param payload must be a JSON object with schema and data");
  const declared = payload.data.schema;
  const multi = Array.isArray(declared);
  if (!multi && !SINGLE_KEY[declared]) return badParam(`Invalid schema: ${declared}`);
  const schema = multi ? declared : [SINGLE_KEY[declared]!];
  const unknownKey = schema.find((k) => !ALLOWED.has(k));
  if (unknownKey) return badParam(`Invalid schema key: ${unknownKey}`);
  if (new Set(schema).size !== schema.length) return badParam("Schema keys must be unique");
  if (payload.data.data.length > config.maxRows)
    return badParam(`Too many users in payload: ${payload.data.data.length}. The maximum is ${config.maxRows} per request`);
  const rows = toRows(payload.data.data, multi);
  if (typeof rows === "number")
    return badParam(`Invalid data at row ${rows}: ${multi ? "each row is an array of strings" : "each entry is a string"}`);
  const badRow = rows.findIndex((r) => r.length !== schema.length);
  if (badRow >= 0) return badParam(`Invalid data at row ${badRow}: ${rows[badRow]!.length} values for a schema of ${schema.length} keys`);

  let session: z.output<typeof sessionSchema> | undefined;
  let existing: SessionRow | undefined;
  if (params.session !== undefined) {
    const parsed = sessionSchema.safeParse(jsonParam(params.session));
    if (!parsed.success) return badParam("param session must be an object with session_id, batch_seq and last_batch_flag");
    session = parsed.data;
    existing = (
      await db.query<SessionRow>(
        `SELECT operation, max_seq, closed FROM sandbox.meta_sessions WHERE audience_id = $1 AND session_id = $2`,
        [audience.id, session.session_id],
      )
    ).rows[0];
    const problem = sessionProblem(session.batch_seq, existing, op, config.sessionOrder);
    if (problem) return graphError({ message: `(#100) ${problem}`, code: 100, error_user_title: "Invalid upload session" });
  }

  // Validate cells; a row with a malformed hash or nothing to match on is an invalid entry.
  const reject = new Set(config.rejectHashes);
  const samples: Record<string, string> = {};
  const members: MemberInput[] = [];
  const col = (k: string) => schema.indexOf(k);
  const [iEmail, iPhone] = [col("EMAIL"), col("PHONE")];
  const otherCols = ["EXTERN_ID", "MADID", "APPUID", "PAGEUID"].map(col).filter((i) => i >= 0);
  const identityCols = IDENTITY.map(col).filter((i) => i >= 0);
  const hashed = schema.map((k) => !UNHASHED.has(k));
  let invalid = 0;
  for (const row of rows) {
    let problem: [string, string] | undefined;
    for (let i = 0; i < row.length && !problem; i++) {
      const v = row[i]!;
      if (!v) continue;
      if (hashed[i] && !SHA256_HEX.test(v)) problem = [v, "Invalid hash format: expected 64 lowercase hex characters (SHA-256)"];
      else if (reject.has(v)) problem = [v, "Rejected by the sandbox (rejectHashes)"];
    }
    if (!problem && !identityCols.some((i) => row[i])) problem = [row.join(","), "No matchable identifier in row"];
    if (problem) {
      invalid++;
      if (Object.keys(samples).length < config.invalidSampleLimit) samples[problem[0]] = problem[1];
      continue;
    }
    members.push({
      email: iEmail >= 0 ? row[iEmail] : null,
      phone: iPhone >= 0 ? row[iPhone] : null,
      other: otherCols.map((i) => row[i]).find(Boolean) ?? null,
    });
  }

  let matched = 0;
  if (op === "add") {
    matched = (await addMembers(db, "meta", audience.id, members, config.matchRate)).matched;
  } else {
    if (config.refuseRemovalBelow !== null) {
      const values = members.flatMap((m) => [m.email, m.phone, m.other].filter((v): v is string => !!v));
      const [now, leaving] = await Promise.all([memberCounts(db, "meta", audience.id, 0), countCarrying(db, "meta", audience.id, values)]);
      if (now.matched - leaving.matched < config.refuseRemovalBelow) {
        return graphError({
          message: "(#2650) Failed to update the custom audience",
          code: 2650,
          error_user_title: "Audience Too Small",
          error_user_msg: `Removing these people would leave fewer than ${config.refuseRemovalBelow} matched people in the audience.`,
        });
      }
    }
    await removeMembers(db, "meta", audience.id, members);
  }
  await touchAudience(db, "meta", audience.id);

  const sessionId = session?.session_id ?? String(Date.now() * 1000 + Math.floor(Math.random() * 1000));
  if (session) await recordSession(db, audience.id, session, op, rows.length, invalid, matched);
  return json(
    {
      audience_id: audience.id,
      session_id: sessionId,
      num_received: rows.length,
      num_invalid_entries: invalid,
      invalid_entry_samples: samples,
    },
    200,
    usageHeader(audience.account_id, config.usagePercent),
  );
}

/**
 * Session rules (§1.4): batch_seq starts at 1 and increments; last_batch_flag closes the session.
 * A batch already seen may be re-sent (a retry after a lost answer). Gaps are refused under
 * "strict" ordering [belief].
 */
function sessionProblem(seq: number, existing: SessionRow | undefined, op: string, order: "strict" | "any"): string | undefined {
  if (!existing) return order === "strict" && seq !== 1 ? `Upload session must start with batch_seq 1, got ${seq}` : undefined;
  if (existing.operation !== op) return `Upload session belongs to a ${existing.operation === "add" ? "POST" : "DELETE"} /users upload`;
  if (seq <= existing.max_seq) return undefined;
  if (existing.closed)
    return `Upload session already finished (last_batch_flag was sent); batch_seq ${seq} is too late. Start a new session_id.`;
  if (order === "strict" && seq !== existing.max_seq + 1) return `batch_seq ${seq} is out of order; expected ${existing.max_seq + 1}`;
  return undefined;
}

async function recordSession(
  db: pg.Pool,
  audienceId: string,
  s: z.output<typeof sessionSchema>,
  op: string,
  received: number,
  invalid: number,
  matched: number,
) {
  await db.query(
    `INSERT INTO sandbox.meta_sessions (audience_id, session_id, operation, max_seq, closed, estimated_total, num_received, num_invalid, num_matched, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $5 THEN now() END)
     ON CONFLICT (audience_id, session_id) DO UPDATE SET
       max_seq = GREATEST(meta_sessions.max_seq, EXCLUDED.max_seq),
       closed = meta_sessions.closed OR EXCLUDED.closed,
       estimated_total = COALESCE(EXCLUDED.estimated_total, meta_sessions.estimated_total),
       num_received = meta_sessions.num_received + EXCLUDED.num_received,
       num_invalid = meta_sessions.num_invalid + EXCLUDED.num_invalid,
       num_matched = meta_sessions.num_matched + EXCLUDED.num_matched,
       ended_at = COALESCE(meta_sessions.ended_at, EXCLUDED.ended_at)`,
    [audienceId, s.session_id, op, s.batch_seq, s.last_batch_flag, s.estimated_num_total ?? null, received, invalid, matched],
  );
}
