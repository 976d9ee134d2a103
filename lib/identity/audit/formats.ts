import { pool } from "@/lib/db";
import { profileCounts } from "@/lib/overview/page-counts";
import { inPopulationSql } from "@/lib/people/population";

const person = inPopulationSql("profiles");

// What is wrong with identifiers, and what normalization did to the right ones: grouped
// reasons with examples (as typed), the kinds of change normalization made, and values that
// several people share once normalized (duplicates a raw comparison would miss).

export type InvalidFormat = { reason: string; count: number; examples: string[] };
export type Change = { kind: string; count: number; examples: { raw: string; normalized: string }[] };
export type Duplicates = { groups: number; profiles: number; examples: { value: string; people: number; spellings: string[] }[] };

export async function invalidFormats(column: "email" | "phone"): Promise<InvalidFormat[]> {
  const { rows } = await pool().query(`
    SELECT COALESCE(${column}_error, 'invalid') AS reason, count(*)::int AS count,
           (array_agg(DISTINCT ${column}_raw))[1:4] AS examples
      FROM profiles WHERE ${column}_raw IS NOT NULL AND ${column}_sha256 IS NULL AND ${person}
     GROUP BY 1 ORDER BY 2 DESC LIMIT 12`);
  return rows;
}

const WS = `E' \\t\\n\\r'`;

const CHANGES: { kind: string; where: string; column: "email" | "phone" }[] = [
  { kind: "email: surrounding whitespace removed", column: "email", where: `email IS NOT NULL AND btrim(email_raw, ${WS}) <> email_raw` },
  { kind: "email: lowercased", column: "email", where: `email IS NOT NULL AND btrim(email_raw, ${WS}) <> email` },
  { kind: "phone: reformatted to E.164", column: "phone", where: `phone IS NOT NULL AND phone_raw <> phone` },
  {
    kind: "phone: country code added (default country)",
    column: "phone",
    where: `phone IS NOT NULL AND btrim(phone_raw) NOT LIKE '+%' AND btrim(phone_raw) NOT LIKE '00%'`,
  },
];

export async function normalizationChanges(): Promise<{ unchanged: { email: number; phone: number }; changes: Change[] }> {
  // Counts from the profile counters (keyed by kind; migration 20261201195000_page_counts); examples only where there are some.
  const n = await profileCounts();
  const examples = await Promise.all(
    CHANGES.map((c) =>
      n(c.kind) > 0
        ? pool()
            .query(`SELECT ${c.column}_raw AS raw, ${c.column} AS normalized FROM profiles WHERE ${c.where} LIMIT 3`)
            .then((r) => r.rows)
        : [],
    ),
  );
  return {
    unchanged: { email: n("email_same"), phone: n("phone_same") },
    changes: CHANGES.map((c, i) => ({ kind: c.kind, count: n(c.kind), examples: examples[i]! })),
  };
}

// Shared values come from identifier_values (kept by a trigger on profiles, migration
// 20261201195001), so only their people are read, by the identifier's index.
export async function duplicates(column: "email" | "phone"): Promise<Duplicates> {
  const { rows } = await pool().query(
    `
    WITH d AS (
      SELECT v.value, v.people::int AS people,
             (SELECT array_agg(DISTINCT p.${column}_raw) FROM profiles p WHERE p.${column} = v.value AND ${inPopulationSql("p")}) AS spellings
        FROM identifier_values v WHERE v.kind = $1 AND v.people > 1
    )
    SELECT (SELECT count(*)::int FROM d) AS groups, (SELECT COALESCE(sum(people), 0)::int FROM d) AS profiles,
           (SELECT COALESCE(json_agg(x), '[]') FROM (SELECT value, people, spellings[1:4] AS spellings FROM d ORDER BY cardinality(spellings) DESC, people DESC, value LIMIT 5) x) AS examples`,
    [column],
  );
  return rows[0];
}
