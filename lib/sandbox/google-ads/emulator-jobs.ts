import type pg from "pg";
import { z } from "zod";
import { SHA256_HEX } from "@/lib/sandbox/digests";
import { adsError, adsStatus, type AdsError, type GoogleEmulatorConfig } from "@/lib/sandbox/google-ads/emulator-config";
import { json } from "@/lib/sandbox/request";
import { addMembers, clearMembers, getAudience, hashMatches, nextId, removeMembers, type MemberInput } from "@/lib/sandbox/store";

// OfflineUserDataJob state machine (reference §2.1): PENDING (accepts operations) → RUNNING
// (after :run) → SUCCESS | FAILED. Operations are staged and only reach the list when the job
// finishes, lazily, the next time anything reads (search or sandbox read-back).

export type JobRow = {
  id: string;
  customer_id: string;
  user_list_id: string;
  status: string;
  failure_reason: string | null;
  match_rate_range: string | null;
  op_count: number;
};

export async function readJob(db: pg.Pool, cid: string, id: string): Promise<JobRow | undefined> {
  const { rows } = await db.query<JobRow>(`SELECT * FROM sandbox.google_jobs WHERE customer_id = $1 AND id = $2`, [cid, id]);
  return rows[0];
}

const jobErr = (v: string, code: string, message: string, status: "INVALID_ARGUMENT" | "NOT_FOUND" = "INVALID_ARGUMENT") =>
  adsError(v, status, [{ errorCode: { offlineUserDataJobError: code }, message }]);

const createSchema = z.object({
  job: z.object({
    type: z.string(),
    externalId: z.union([z.string(), z.number()]).optional(),
    customerMatchUserListMetadata: z.object({
      userList: z.string(),
      consent: z.object({ adUserData: z.string().optional(), adPersonalization: z.string().optional() }).optional(),
    }),
  }),
  validateOnly: z.boolean().optional(),
});

export async function createJob(db: pg.Pool, v: string, cid: string, body: unknown, config: GoogleEmulatorConfig): Promise<Response> {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success)
    return adsError(v, "INVALID_ARGUMENT", [
      { errorCode: { fieldError: "REQUIRED" }, message: "job.type and job.customerMatchUserListMetadata.userList are required." },
    ]);
  const { job } = parsed.data;
  if (job.type !== "CUSTOMER_MATCH_USER_LIST")
    return jobErr(v, "INVALID_USER_LIST_TYPE", `The sandbox only runs CUSTOMER_MATCH_USER_LIST jobs, not ${job.type}.`);
  if (config.termsNotAcceptedCustomers.includes(cid))
    return jobErr(
      v,
      "CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS",
      "The customer has not accepted the customer data terms in the conversion settings page.",
    );
  const m = /^customers\/(\d+)\/userLists\/(\d+)$/.exec(job.customerMatchUserListMetadata.userList);
  const list = m && m[1] === cid ? await getAudience(db, "google_ads", m[2]!) : undefined;
  if (!list || list.account_id !== cid) return jobErr(v, "INVALID_USER_LIST_ID", "The user list ID provided for the job is invalid.");
  if (parsed.data.validateOnly) return json({});
  const id = await nextId(db);
  await db.query(
    `INSERT INTO sandbox.google_jobs (id, customer_id, user_list_id, status, consent) VALUES ($1, $2, $3, 'PENDING', $4::jsonb)`,
    [id, cid, list.id, JSON.stringify(job.customerMatchUserListMetadata.consent ?? null)],
  );
  return json({ resourceName: `customers/${cid}/offlineUserDataJobs/${id}` });
}

const IDENTIFIER_FIELDS = ["hashedEmail", "hashedPhoneNumber", "mobileId", "thirdPartyUserId", "addressInfo"] as const;
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const userData = z.object({ userIdentifiers: z.array(z.record(z.string(), z.unknown())).default([]) }).passthrough();
const addSchema = z.object({
  operations: z
    .array(z.object({ create: userData.optional(), remove: userData.optional(), removeAll: z.boolean().optional() }).strict())
    .min(1),
  enablePartialFailure: z.boolean().optional(),
  enableWarnings: z.boolean().optional(),
  validateOnly: z.boolean().optional(),
});

type Staged = { action: "create" | "remove" | "remove_all"; member: MemberInput };

export async function addOperations(
  db: pg.Pool,
  v: string,
  cid: string,
  jobId: string,
  body: unknown,
  config: GoogleEmulatorConfig,
): Promise<Response> {
  const job = await readJob(db, cid, jobId);
  if (!job) return adsError(v, "NOT_FOUND", [{ errorCode: { mutateError: "RESOURCE_NOT_FOUND" }, message: "Resource was not found." }]);
  if (job.status !== "PENDING")
    return jobErr(v, "JOB_ALREADY_STARTED", `Operations can only be added while the job is PENDING; it is ${job.status}.`);
  const parsed = addSchema.safeParse(body);
  if (!parsed.success)
    return adsError(v, "INVALID_ARGUMENT", [
      {
        errorCode: { requestError: "INVALID_INPUT" },
        message: `Invalid JSON payload received: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
      },
    ]);
  const ops = parsed.data.operations;

  // Whole-request checks: the oneof rule is a JSON decoding error, the 100k cap a request error.
  let identifiers = 0;
  for (const [i, op] of ops.entries()) {
    const ud = op.create ?? op.remove;
    if ([op.create, op.remove, op.removeAll].filter((x) => x !== undefined).length !== 1) {
      return adsError(v, "INVALID_ARGUMENT", [
        {
          errorCode: { requestError: "INVALID_INPUT" },
          message: `Invalid JSON payload received. Oneof field 'operation' at 'operations[${i}]' must set exactly one of create, remove, removeAll.`,
        },
      ]);
    }
    for (const [j, id] of (ud?.userIdentifiers ?? []).entries()) {
      const keys = Object.keys(id);
      const unknown = keys.find((k) => !(IDENTIFIER_FIELDS as readonly string[]).includes(k));
      if (unknown)
        return adsError(v, "INVALID_ARGUMENT", [
          {
            errorCode: { requestError: "INVALID_INPUT" },
            message: `Invalid JSON payload received. Unknown name "${unknown}" at 'operations[${i}].user_identifiers[${j}]': Cannot find field.`,
          },
        ]);
      if (keys.length > 1)
        return adsError(v, "INVALID_ARGUMENT", [
          {
            errorCode: { requestError: "INVALID_INPUT" },
            message: `Invalid JSON payload received. Oneof field 'identifier' is already set. Cannot set '${keys[1]}'.`,
          },
        ]);
    }
    identifiers += ud?.userIdentifiers.length ?? 0;
  }
  if (identifiers > config.maxIdentifiersPerRequest) {
    return jobErr(
      v,
      "TOO_MANY_USER_IDENTIFIERS",
      `Maximum number of user identifiers allowed per request is ${config.maxIdentifiersPerRequest} and per operation is ${config.maxIdentifiersPerOperation}.`,
    );
  }

  const existingAction = job.op_count
    ? (
        await db.query<{ action: string }>(
          `SELECT action FROM sandbox.google_job_ops WHERE job_id = $1 AND action <> 'remove_all' ORDER BY seq LIMIT 1`,
          [job.id],
        )
      ).rows[0]?.action
    : undefined;
  const reject = new Set(config.rejectHashes);
  const failures: AdsError[] = [];
  const staged: (Staged & { index: number })[] = [];
  let jobAction = existingAction;
  for (const [i, op] of ops.entries()) {
    const kind = op.create ? "create" : "remove";
    const fail = (code: string, message: string, path: { fieldName: string; index?: number }[] = [], trigger?: string) =>
      failures.push({
        errorCode: { offlineUserDataJobError: code },
        message,
        ...(trigger ? { trigger: { stringValue: trigger } } : {}),
        location: { fieldPathElements: [{ fieldName: "operations", index: i }, ...path] },
      });
    if (op.removeAll) {
      // removeAll must be the job's first operation [belief].
      if (job.op_count > 0 || i > 0)
        fail("INVALID_OPERATION_ORDER", "removeAll must be the first operation of the job.", [{ fieldName: "remove_all" }]);
      else staged.push({ index: i, action: "remove_all", member: {} });
      continue;
    }
    if (config.rejectMixedOperations && jobAction && jobAction !== kind) {
      fail("CONFLICTING_OPERATION", "Mixing creation and removal of offline data in the same job is not allowed.", [{ fieldName: kind }]);
      continue;
    }
    const ids = (op.create ?? op.remove)!.userIdentifiers;
    if (!ids.length) {
      fail("MISSING_USER_IDENTIFIER", "The user identifier is missing valid data.", [{ fieldName: kind }]);
      continue;
    }
    if (ids.length > config.maxIdentifiersPerOperation) {
      fail(
        "TOO_MANY_USER_IDENTIFIERS",
        `Maximum number of user identifiers allowed per operation is ${config.maxIdentifiersPerOperation}.`,
        [{ fieldName: kind }],
      );
      continue;
    }
    const member: MemberInput = {};
    let bad = false;
    for (const [j, id] of ids.entries()) {
      const [field, value] = Object.entries(id)[0]!;
      const path = [{ fieldName: kind }, { fieldName: "user_identifiers", index: j }, { fieldName: snake(field) }];
      const text = typeof value === "string" ? value : "";
      if (field === "hashedEmail" || field === "hashedPhoneNumber") {
        if (!SHA256_HEX.test(text)) {
          fail("INVALID_SHA256_FORMAT", "The SHA256 encoded value is malformed.", path, text);
          bad = true;
          break;
        }
        if (reject.has(text)) {
          fail("INCOMPATIBLE_USER_IDENTIFIER", "Rejected by the sandbox (rejectHashes).", path, text);
          bad = true;
          break;
        }
        member[field === "hashedEmail" ? "email" : "phone"] ??= text;
      } else {
        // CONTACT_INFO lists take email, phone and address only (§2.1 uploadKeyType).
        fail("INCOMPATIBLE_UPLOAD_KEY_TYPE", "Upload data is not compatible with the upload key type of the associated user list.", path);
        bad = true;
        break;
      }
    }
    if (bad) continue;
    jobAction ??= kind;
    staged.push({ index: i, action: kind, member });
  }

  if (failures.length && !parsed.data.enablePartialFailure) return adsError(v, "INVALID_ARGUMENT", failures);
  if (!parsed.data.validateOnly && staged.length) await stage(db, job, staged);
  if (!failures.length) return json({});
  // partialFailureError is a bare google.rpc.Status: numeric code, message, details (§2.5).
  const { code, message, details } = adsStatus(
    v,
    "INVALID_ARGUMENT",
    failures,
    `Multiple errors in 'details'. First error: ${failures[0]!.message}`,
  );
  return json({ partialFailureError: { code, message, details } });
}

async function stage(db: pg.Pool, job: JobRow, staged: Staged[]) {
  const { rows } = await db.query<{ first: number }>(
    `UPDATE sandbox.google_jobs SET op_count = op_count + $2 WHERE id = $1 RETURNING op_count - $2 AS first`,
    [job.id, staged.length],
  );
  const first = rows[0]!.first;
  await db.query(
    `INSERT INTO sandbox.google_job_ops (job_id, seq, action, member_key, email_hash, phone_hash, other_id)
     SELECT $1, $2 + o - 1, a, coalesce(e, p, x), e, p, x FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(a, e, p, x, o)`,
    [
      job.id,
      first,
      staged.map((s) => s.action),
      staged.map((s) => s.member.email ?? null),
      staged.map((s) => s.member.phone ?? null),
      staged.map((s) => s.member.other ?? null),
    ],
  );
}

export async function runJob(
  db: pg.Pool,
  v: string,
  cid: string,
  jobId: string,
  body: unknown,
  config: GoogleEmulatorConfig,
): Promise<Response> {
  const job = await readJob(db, cid, jobId);
  if (!job) return adsError(v, "NOT_FOUND", [{ errorCode: { mutateError: "RESOURCE_NOT_FOUND" }, message: "Resource was not found." }]);
  if (job.status !== "PENDING") return jobErr(v, "JOB_ALREADY_STARTED", `The job is ${job.status}; only PENDING jobs can be run.`);
  if ((body as { validateOnly?: unknown } | undefined)?.validateOnly === true) return json({});
  await db.query(
    `UPDATE sandbox.google_jobs SET status = 'RUNNING', run_at = now(), finish_after = now() + make_interval(secs => $2) WHERE id = $1`,
    [job.id, config.jobDurationSeconds],
  );
  // A long-running Operation [belief: exact name format].
  return json({ name: `customers/${cid}/operations/${job.id}` });
}

const RANGES: [number, string][] = [
  [20, "MATCH_RANGE_LESS_THAN_20"],
  [31, "MATCH_RANGE_20_TO_30"],
  [41, "MATCH_RANGE_31_TO_40"],
  [51, "MATCH_RANGE_41_TO_50"],
  [61, "MATCH_RANGE_51_TO_60"],
  [71, "MATCH_RANGE_61_TO_70"],
  [81, "MATCH_RANGE_71_TO_80"],
  [91, "MATCH_RANGE_81_TO_90"],
  [101, "MATCH_RANGE_91_TO_100"],
];
const rangeOf = (pct: number) => RANGES.find(([below]) => pct < below)![1];

/** Finishes RUNNING jobs whose time has come: applies their operations in order, then SUCCESS (or FAILED). */
export async function finishDueJobs(db: pg.Pool, config: GoogleEmulatorConfig): Promise<void> {
  const { rows: due } = await db.query<JobRow>(
    `SELECT * FROM sandbox.google_jobs WHERE status = 'RUNNING' AND finish_after <= now() ORDER BY run_at`,
  );
  for (const job of due) {
    if (config.jobFailureReason) {
      await db.query(
        `UPDATE sandbox.google_jobs SET status = 'FAILED', failure_reason = $2, finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
        [job.id, config.jobFailureReason],
      );
      continue;
    }
    const { rows: ops } = await db.query<{ action: string; email_hash: string | null; phone_hash: string | null; other_id: string | null }>(
      `SELECT action, email_hash, phone_hash, other_id FROM sandbox.google_job_ops WHERE job_id = $1 ORDER BY seq`,
      [job.id],
    );
    let matched = 0,
      created = 0;
    // Consecutive operations of one kind are applied together; order between runs is kept.
    for (let start = 0; start < ops.length;) {
      let end = start;
      while (end < ops.length && ops[end]!.action === ops[start]!.action) end++;
      const run = ops.slice(start, end).map((o) => ({ email: o.email_hash, phone: o.phone_hash, other: o.other_id }));
      if (ops[start]!.action === "remove_all") await clearMembers(db, "google_ads", job.user_list_id);
      else if (ops[start]!.action === "remove") await removeMembers(db, "google_ads", job.user_list_id, run);
      else {
        await addMembers(db, "google_ads", job.user_list_id, run, config.matchRate);
        created += run.length;
        matched += run.filter((m) => [m.email, m.phone].some((h) => h && hashMatches(h, config.matchRate))).length;
      }
      start = end;
    }
    const range = created ? rangeOf(Math.round((matched / created) * 100)) : "UNKNOWN";
    await db.query(
      `UPDATE sandbox.google_jobs SET status = 'SUCCESS', match_rate_range = $2, finished_at = now() WHERE id = $1 AND status = 'RUNNING'`,
      [job.id, range],
    );
  }
}
