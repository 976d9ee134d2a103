import type pg from "pg";
import { readJob, type JobRow } from "@/lib/sandbox/google-ads/emulator-jobs";
import type { GoogleEmulatorConfig } from "@/lib/sandbox/google-ads/emulator-config";
import { listAudiences, memberCounts } from "@/lib/sandbox/store";

// The slice of GAQL the connector sends (reference §2.1 "Poll" / "List size"):
//   SELECT a.b, a.c FROM resource [WHERE field = 'literal' [AND …]] [LIMIT n]
// over three resources: customer, user_list, offline_user_data_job. Rows are built as flat
// snake_case maps and returned nested in camelCase, int64 values as strings (proto3 JSON).

export type Query = { fields: string[]; resource: string; where: { field: string; value: string }[]; limit?: number };

const QUERY = /^\s*SELECT\s+(.+?)\s+FROM\s+([a-z_]+)(?:\s+WHERE\s+(.+?))?(?:\s+LIMIT\s+(\d+))?\s*$/is;
const CONDITION = /^\s*([a-z_.]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+))\s*$/i;

export function parseQuery(text: string): Query | string {
  const m = QUERY.exec(text);
  if (!m) return "Query must be SELECT <fields> FROM <resource> [WHERE <field> = <value> [AND …]] [LIMIT n]";
  const fields = m[1]!
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const where: Query["where"] = [];
  // Split on AND outside quotes.
  for (const part of m[3] ? (m[3].match(/(?:[^'"]|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")+?(?=\s+AND\s+|$)/gi) ?? []) : []) {
    const c = CONDITION.exec(part.replace(/^\s*AND\s+/i, ""));
    if (!c) return `Unsupported condition: ${part.trim()}`;
    const raw = c[2] ?? c[3] ?? c[4] ?? "";
    where.push({ field: c[1]!, value: raw.replace(/\\(.)/g, "$1") });
  }
  return { fields, resource: m[2]!, where, limit: m[4] ? Number(m[4]) : undefined };
}

type Flat = Record<string, string | number | boolean | null | undefined>;
const INT64 = new Set([
  "customer.id",
  "user_list.id",
  "user_list.size_for_display",
  "user_list.size_for_search",
  "user_list.membership_life_span",
  "offline_user_data_job.id",
]);

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** {"user_list.size_for_search": 12} → {userList: {sizeForSearch: "12"}} for the selected fields. */
function nest(row: Flat, fields: string[]) {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = row[f];
    if (v === null || v === undefined) continue; // proto3 JSON omits unset fields
    const path = f.split(".").map(camel);
    let node = out;
    for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = INT64.has(f) ? String(v) : v;
  }
  return out;
}

async function customerRows(cid: string, config: GoogleEmulatorConfig): Promise<Flat[]> {
  return [
    {
      "customer.resource_name": `customers/${cid}`,
      "customer.id": cid,
      "customer.descriptive_name": `Sandbox customer ${cid}`,
      "customer.currency_code": "USD",
      "customer.manager": false,
      "customer.conversion_tracking_setting.accepted_customer_data_terms": !config.termsNotAcceptedCustomers.includes(cid),
    },
  ];
}

async function userListRows(db: pg.Pool, cid: string, fields: string[], config: GoogleEmulatorConfig): Promise<Flat[]> {
  const lists = await listAudiences(db, "google_ads", cid, { limit: 10_000 });
  const sized = fields.some((f) => f.startsWith("user_list.size") || f === "user_list.match_rate_percentage");
  return Promise.all(
    lists.map(async (l) => {
      const c = sized ? await memberCounts(db, "google_ads", l.id, config.countDelaySeconds) : undefined;
      const visibleTotal = c ? c.total - c.pending : 0;
      return {
        "user_list.resource_name": `customers/${cid}/userLists/${l.id}`,
        "user_list.id": l.id,
        "user_list.name": l.name,
        "user_list.description": l.description,
        "user_list.type": "CRM_BASED",
        "user_list.membership_status": "OPEN",
        "user_list.membership_life_span": Number(l.details.membershipLifeSpan ?? 540),
        "user_list.crm_based_user_list.upload_key_type": String(l.details.uploadKeyType ?? "CONTACT_INFO"),
        "user_list.size_for_display": c?.visibleMatched,
        "user_list.size_for_search": c?.visibleMatched,
        "user_list.match_rate_percentage": c ? (visibleTotal ? Math.round((c.visibleMatched / visibleTotal) * 100) : 0) : undefined,
      } satisfies Flat;
    }),
  );
}

function jobRow(cid: string, j: JobRow): Flat {
  return {
    "offline_user_data_job.resource_name": `customers/${cid}/offlineUserDataJobs/${j.id}`,
    "offline_user_data_job.id": j.id,
    "offline_user_data_job.status": j.status,
    "offline_user_data_job.type": "CUSTOMER_MATCH_USER_LIST",
    "offline_user_data_job.failure_reason": j.failure_reason,
    "offline_user_data_job.customer_match_user_list_metadata.user_list": `customers/${cid}/userLists/${j.user_list_id}`,
    "offline_user_data_job.operation_metadata.match_rate_range": j.match_rate_range,
  };
}

async function jobRows(db: pg.Pool, cid: string, q: Query): Promise<Flat[]> {
  // Jobs are looked up by resource name or id (the only filters the connector uses).
  const byName = q.where.find((w) => w.field === "offline_user_data_job.resource_name")?.value;
  const id = byName?.split("/").pop() ?? q.where.find((w) => w.field === "offline_user_data_job.id")?.value;
  const { rows } = id
    ? { rows: [await readJob(db, cid, id)].filter((j): j is JobRow => !!j) }
    : await db.query<JobRow>(`SELECT * FROM sandbox.google_jobs WHERE customer_id = $1 ORDER BY created_at`, [cid]);
  return rows.map((j) => jobRow(cid, j));
}

const KNOWN: Record<string, (db: pg.Pool, cid: string, q: Query, c: GoogleEmulatorConfig) => Promise<Flat[]>> = {
  customer: (_db, cid, _q, c) => customerRows(cid, c),
  user_list: (db, cid, q, c) => userListRows(db, cid, q.fields, c),
  offline_user_data_job: (db, cid, q) => jobRows(db, cid, q),
};

/** Runs a parsed query; a string result is a QueryError message. */
export async function runQuery(
  db: pg.Pool,
  cid: string,
  q: Query,
  config: GoogleEmulatorConfig,
): Promise<{ rows: Record<string, unknown>[] } | { error: string; code: string }> {
  const load = KNOWN[q.resource];
  if (!load) return { error: `Resource '${q.resource}' is not supported by the sandbox.`, code: "BAD_RESOURCE_TYPE_IN_FROM_CLAUSE" };
  const all = await load(db, cid, q, config);
  const sample = all[0] ?? (await KNOWN[q.resource]!(db, cid, { ...q, where: [] }, config))[0];
  const unknown = [...q.fields, ...q.where.map((w) => w.field)].find((f) => !f.startsWith(`${q.resource}.`) || (sample && !(f in sample)));
  if (unknown) return { error: `Unrecognized field in the query: '${unknown}'.`, code: "UNRECOGNIZED_FIELD" };
  const matching = all.filter((r) => q.where.every((w) => String(r[w.field]) === w.value));
  return { rows: matching.slice(0, q.limit ?? matching.length).map((r) => nest(r, q.fields)) };
}
