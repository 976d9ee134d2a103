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

// Counts by reason from the profile counters (keys "<column>_invalid:<reason>", migration
// 20261201195003); examples are each reason's first four distinct spellings, read in order from
// the partial index over invalid identifiers (20261201195000), as (array_agg(DISTINCT raw))[1:4] gave.
export async function invalidFormats(column: "email" | "phone"): Promise<InvalidFormat[]> {
  const { rows } = await pool().query(
    `
    WITH r AS (
      SELECT substr(key, length($1) + 1) AS reason, sum(n)::int AS count FROM profile_counts
       WHERE starts_with(key, $1) GROUP BY key HAVING sum(n) <> 0 ORDER BY count DESC, reason LIMIT 12
    )
    SELECT r.reason, r.count,
           ARRAY(SELECT DISTINCT ${column}_raw FROM profiles
                  WHERE COALESCE(${column}_error, 'invalid') = r.reason AND ${column}_raw IS NOT NULL AND ${column}_sha256 IS NULL AND ${person}
                  ORDER BY 1 LIMIT 4) AS examples
      FROM r ORDER BY r.count DESC, r.reason`,
    [`${column}_invalid:`],
  );
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

const EXAMPLES = 5;
const BATCH = 200;

// Shared values come from identifier_values (kept by a trigger on profiles, migration
// 20261201195001). The examples are the values with the most distinct spellings (then most
// people, then value), and a value has at most as many spellings as people: reading values by
// people, most first, the search stops once the fifth example has at least as many spellings as
// the next value has people. Only those values' people are read, by the identifier's index.
export async function duplicates(column: "email" | "phone"): Promise<Duplicates> {
  const totals = await pool().query<{ groups: number; profiles: number }>(
    `SELECT count(*)::int AS groups, COALESCE(sum(people), 0)::int AS profiles FROM identifier_values WHERE kind = $1 AND people > 1`,
    [column],
  );
  type Candidate = { value: string; people: number; spellings: string[] };
  const seen: Candidate[] = []; // in (people DESC, value) order: ties below keep it
  let best: Candidate[] = [];
  let last: Candidate | undefined;
  for (;;) {
    const { rows } = await pool().query<Candidate>(
      `SELECT v.value, v.people::int AS people,
              (SELECT array_agg(DISTINCT p.${column}_raw) FROM profiles p WHERE p.${column} = v.value AND ${inPopulationSql("p")}) AS spellings
         FROM identifier_values v
        WHERE v.kind = $1 AND v.people > 1 AND ($2::bigint IS NULL OR v.people < $2 OR (v.people = $2 AND v.value > $3))
        ORDER BY v.people DESC, v.value LIMIT ${BATCH}`,
      [column, last?.people ?? null, last?.value ?? null],
    );
    seen.push(...rows.map((r) => ({ ...r, spellings: r.spellings ?? [] })));
    best = [...seen].sort((a, b) => b.spellings.length - a.spellings.length || b.people - a.people).slice(0, EXAMPLES);
    last = rows.at(-1);
    const floor = best.length === EXAMPLES ? best[EXAMPLES - 1]!.spellings.length : 0;
    if (rows.length < BATCH || (last && last.people <= floor)) break;
  }
  return {
    ...totals.rows[0]!,
    examples: best.map((c) => ({ value: c.value, people: c.people, spellings: c.spellings.slice(0, 4) })),
  };
}
