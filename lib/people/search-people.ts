import { z } from "zod";
import { pool } from "@/lib/db";
import { defaultCountry } from "@/lib/identity/default-country";
import { normalizeEmail, normalizePhone } from "@/lib/identity/normalize";

// People search: one box for an external id, anonymous id, email or phone, raw or normalized.
// The query is normalized the way stored values were, so "  Jane@Example.COM" finds
// jane@example.com and "(415) 555-0134" finds +14155550134. Raw values are searched only
// where they did not normalize (the partial indexes from the data-in migration); an email
// prefix finds addresses as you type. Each branch is an index lookup; results are newest first.

export const searchPeopleQuery = z.object({
  search: z.string().trim().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** Profile id to continue below (from the previous page's nextCursor). */
  cursor: z.string().regex(/^\d+$/, "must be the nextCursor of a previous page").optional(),
});

export type SearchPeopleQuery = z.input<typeof searchPeopleQuery>;

export type PersonSummary = {
  id: string;
  externalId: string | null;
  email: string | null;
  emailRaw: string | null;
  phone: string | null;
  phoneRaw: string | null;
  phoneValid: boolean | null;
  isTest: boolean;
  lastSeenAt: Date;
  matchedOn: string[];
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

async function branches(q: string): Promise<{ sql: string[]; params: unknown[] }> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const sql = [
    `SELECT id, 'external id' AS how FROM profiles WHERE external_id = ${p(q)}`,
    `SELECT profile_id, 'anonymous id' FROM profile_aliases WHERE anonymous_id = ${p(q)}`,
    `SELECT id, 'email (as typed)' FROM profiles WHERE email IS NULL AND email_raw IS NOT NULL AND email_raw = ${p(q)}`,
    `SELECT id, 'phone (as typed)' FROM profiles WHERE phone IS NULL AND phone_raw IS NOT NULL AND phone_raw = ${p(q)}`,
  ];
  const email = normalizeEmail(q);
  if (email.normalized) sql.push(`SELECT id, 'email' FROM profiles WHERE email = ${p(email.normalized)}`);
  if (email.prehashed) sql.push(`SELECT id, 'email hash' FROM profiles WHERE email_sha256 = ${p(email.sha256)}`);
  // Typing an address: prefix match on the normalized email (text_pattern_ops index).
  if (!email.normalized && q.length >= 3 && !/\s/.test(q) && /[a-z]/i.test(q)) {
    sql.push(`SELECT id, 'email starts with' FROM profiles WHERE email LIKE ${p(`${escapeLike(q.toLowerCase())}%`)}`);
  }
  if (/\d{3}/.test(q)) {
    const phone = normalizePhone(q, await defaultCountry());
    if (phone.e164) sql.push(`SELECT id, 'phone' FROM profiles WHERE phone = ${p(phone.e164)}`);
  }
  return { sql, params };
}

const COLUMNS = `p.id::text, p.external_id, p.email, p.email_raw, p.phone, p.phone_raw, p.phone_valid, p.is_test, p.last_seen_at`;

export async function searchPeople(input: SearchPeopleQuery): Promise<{ people: PersonSummary[]; nextCursor: string | null }> {
  const { search, limit, cursor } = searchPeopleQuery.parse(input);
  let rows;
  if (!search) {
    // No query: the newest people, straight off the primary key.
    ({ rows } = await pool().query(
      `SELECT ${COLUMNS}, ARRAY[]::text[] AS how FROM profiles p ${cursor ? "WHERE p.id < $2" : ""} ORDER BY p.id DESC LIMIT $1`,
      cursor ? [limit + 1, cursor] : [limit + 1],
    ));
  } else {
    const { sql, params } = await branches(search);
    const below = cursor ? `WHERE m.id < $${params.push(cursor)}` : "";
    ({ rows } = await pool().query(
      `WITH m AS (${sql.join("\n UNION ALL ")}),
       hits AS (SELECT m.id, array_agg(DISTINCT m.how) AS how FROM m ${below} GROUP BY m.id ORDER BY m.id DESC LIMIT $${params.push(limit + 1)})
       SELECT ${COLUMNS}, h.how FROM hits h JOIN profiles p ON p.id = h.id ORDER BY p.id DESC`,
      params,
    ));
  }
  const page = rows.slice(0, limit);
  return {
    people: page.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      email: r.email,
      emailRaw: r.email_raw,
      phone: r.phone,
      phoneRaw: r.phone_raw,
      phoneValid: r.phone_valid,
      isTest: r.is_test,
      lastSeenAt: r.last_seen_at,
      matchedOn: r.how,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
