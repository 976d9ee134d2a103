import { describe, expect, it } from "vitest";
import { segmentDefinition } from "@/lib/segments/definition";
import { compileSegment, membersSql } from "@/lib/segments/sql/compile";

const now = Date.UTC(2026, 0, 15, 12);
const compile = (raw: unknown, rollup = true) => compileSegment(segmentDefinition.parse(raw), { now, rollup });

describe("compileSegment", () => {
  it("binds every user-supplied value; none appears in the SQL text", () => {
    const evil = "x'); DROP TABLE profiles; --";
    const c = compile({
      conditions: [
        { type: "attribute", field: evil.replace(/[^\w]/g, "_"), op: "equals", value: evil },
        { type: "event", event: "checkout_started", where: [{ property: "category", op: "contains", value: evil }] },
      ],
    });
    const sql = membersSql(c);
    expect(sql).not.toContain("DROP TABLE");
    expect(sql).not.toContain("checkout_started");
    expect(c.params).toContain("checkout_started");
    expect(c.params).toContain(`"${evil.replace(/"/g, '\\"')}"`);
  });

  it("drives from the set of a top-level 'did' rule instead of scanning every profile", () => {
    const c = compile({
      conditions: [
        {
          type: "sequence",
          did: { event: "checkout_started" },
          window: { type: "last", amount: 3, unit: "days" },
          noneSince: { event: "order_completed" },
        },
      ],
    });
    expect(c.from).toBe("s1");
    expect(c.where).toBe("true");
  });

  it("uses the union of an 'any' group's sets as candidates", () => {
    // Rules that cannot share one set (different windows; see the next test for those that can).
    const c = compile({
      conditions: [
        {
          type: "group",
          match: "any",
          conditions: [
            { type: "event", event: "email_opened" },
            { type: "event", event: "email_clicked", window: { type: "last", amount: 30, unit: "days" } },
          ],
        },
        { type: "identifier", identifier: "email" },
      ],
    });
    expect(c.with).toContain("candidates AS (SELECT profile_id FROM s1 UNION SELECT profile_id FROM s2)");
    expect(c.from).toContain("JOIN profiles p ON p.id = candidates.profile_id");
    // The group's sets feed the candidates only: each is referenced once, so Postgres inlines it.
    expect(c.from).not.toContain("LEFT JOIN s1");
    expect(c.where).toBe("true AND (p.email_sha256 IS NOT NULL)");
  });

  it("reads an 'any' group of 'did' rules with the same window as one set of names, the group's candidates", () => {
    const last30 = { type: "last", amount: 30, unit: "days" };
    for (const rollup of [true, false]) {
      const c = compile(
        {
          conditions: [
            { type: "attribute", field: "last_purchase_at", op: "more_than_ago", value: { amount: 90, unit: "days" } },
            {
              type: "group",
              match: "any",
              conditions: [
                { type: "event", event: "email_opened", window: last30 },
                { type: "event", event: "email_clicked", window: last30 },
                { type: "event", event: "order_completed", window: { type: "last", amount: 7, unit: "days" } },
              ],
            },
          ],
        },
        rollup,
      );
      // The two email rules: one set with name = ANY; the purchase rule (another window) its own.
      const [first, second] = c.with.split("s2 AS");
      expect(first).toContain("name = ANY(");
      expect(second).not.toContain("ANY(");
      expect(c.params).toContainEqual(["email_opened", "email_clicked"]);
      expect(c.with).toContain("candidates AS (SELECT profile_id FROM s1 UNION SELECT profile_id FROM s2)");
      expect(c.with).not.toContain("s3");
    }
    // Alone in the group, they are the driving set itself: no union at all.
    const only = compile({
      match: "any",
      conditions: [
        { type: "event", event: "email_opened", window: last30 },
        { type: "event", event: "email_clicked", window: last30 },
      ],
    });
    expect(only.from).toBe("s1");
    expect(only.with).not.toContain("UNION SELECT");
  });

  it("keeps rules apart that do not mean 'did it at least once' in the same way", () => {
    const c = compile({
      match: "any",
      conditions: [
        { type: "event", event: "email_opened", performed: false },
        { type: "event", event: "email_clicked", performed: false },
        { type: "event", event: "a", frequency: { op: "at_least", times: 2 } },
        { type: "event", event: "b", frequency: { op: "at_least", times: 2 } },
        { type: "event", event: "c", where: [{ property: "value", op: "gt", value: 1 }] },
        { type: "event", event: "d", where: [{ property: "value", op: "gt", value: 2 }] },
      ],
    });
    expect(c.with).not.toContain("ANY(");
    expect(c.with).toContain("s6 AS");
  });

  it("scans profiles when nothing bounds the answer, and reads events without the rollup when told", () => {
    const c = compile({ conditions: [{ type: "event", event: "order_completed", performed: false }] }, false);
    expect(c.from.startsWith("profiles p")).toBe(true);
    expect(c.with).toContain("FROM events e");
    expect(c.with).not.toContain("profile_event_last");
  });

  it("fixes every cutoff from one `now`", () => {
    const c = compile({ conditions: [{ type: "event", event: "x", window: { type: "last", amount: 2, unit: "hours" } }] });
    expect(c.params).toContain("2026-01-15 10:00:00.000");
    expect(c.params).toContain("2026-01-15 12:00:00.000");
  });
});
