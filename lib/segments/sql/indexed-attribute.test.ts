import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { segmentDefinition } from "@/lib/segments/definition";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";
import { jsonPredicate } from "@/lib/segments/sql/values";
import { Params } from "@/lib/segments/sql/params";

// last_purchase_at is read through an expression index (catalog.ts `indexed`): the compiled
// predicate must pick the same people as parsing the JSON would, for every shape a value can
// take, and be the expression the index holds.

const DAY = 86_400_000;
const now = Date.UTC(2026, 5, 1, 12);
const iso = (days: number) => new Date(now - days * DAY).toISOString();

const VALUES: unknown[] = [
  iso(200),
  iso(91),
  iso(89),
  iso(1),
  iso(-3), // in the future
  iso(120).replace("Z", "+05:30"),
  iso(95).replace("Z", ""), // no zone: UTC
  iso(95).slice(0, 10), // a date alone
  "soon",
  "",
  42,
  true,
  null,
  { at: iso(100) },
];

const OPS = [
  { op: "more_than_ago", value: { amount: 90, unit: "days" } },
  { op: "less_than_ago", value: { amount: 90, unit: "days" } },
  { op: "before", value: iso(100) },
  { op: "after", value: iso(2) },
];

describe("an indexed date attribute", () => {
  it("matches the same people as reading the JSON, for every kind of value", async () => {
    await pool().query("TRUNCATE profiles CASCADE");
    await pool().query(`INSERT INTO profiles (id, attributes) SELECT i, '{}'::jsonb FROM generate_series(1, ${VALUES.length + 1}) i`);
    for (const [i, v] of VALUES.entries())
      await pool().query(`UPDATE profiles SET attributes = jsonb_build_object('last_purchase_at', $2::jsonb) WHERE id = $1`, [
        i + 1,
        JSON.stringify(v),
      ]);
    // The last profile has no last_purchase_at at all.
    for (const f of OPS) {
      const compiled = compileSegment(segmentDefinition.parse({ conditions: [{ type: "attribute", field: "last_purchase_at", ...f }] }), {
        now,
      });
      expect(membersSql(compiled)).toContain("segment_json_timestamp(p.attributes -> 'last_purchase_at')");
      const actual = (await pool().query(membersSql(compiled), compiled.params)).rows.map((r) => Number(r.profile_id));
      const p = new Params();
      const json = jsonPredicate(`(p.attributes -> ${p.add("last_purchase_at", "text")})`, f, p, { now });
      const expected = (await pool().query(`SELECT p.id FROM profiles p WHERE ${json}`, p.values)).rows.map((r) => Number(r.id));
      expect(
        actual.sort((a, b) => a - b),
        JSON.stringify(f),
      ).toEqual(expected.sort((a, b) => a - b));
      expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
      // Negated inside a group, the predicate is still strictly true or false: no one without a date matches both ways.
      const either = compileSegment(
        segmentDefinition.parse({
          match: "any",
          conditions: [
            { type: "attribute", field: "last_purchase_at", ...f },
            { type: "group", match: "all", conditions: [{ type: "attribute", field: "last_purchase_at", op: "not_exists" }] },
          ],
        }),
        { now },
      );
      const rows = (await pool().query(membersSql(either), either.params)).rows.length;
      expect(rows).toBe(new Set([...expected, VALUES.length + 1, VALUES.indexOf(null) + 1]).size);
    }
  });

  it("is read from the expression index", async () => {
    const compiled = compileSegment(
      segmentDefinition.parse({ conditions: [{ type: "attribute", field: "last_purchase_at", ...OPS[0] }] }),
      { now },
    );
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const plan = (await client.query(`EXPLAIN ${membersSql(compiled)}`, compiled.params)).rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toContain("profiles_last_purchase_at_idx");
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
