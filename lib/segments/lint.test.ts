import { describe, expect, it } from "vitest";
import { segmentDefinition } from "@/lib/segments/definition";
import { lintDefinition } from "@/lib/segments/lint";
import { TEMPLATES, templateByKey } from "@/lib/segments/templates";

const def = (raw: unknown) => segmentDefinition.parse(raw);
const codes = (d: unknown, facts = {}) => lintDefinition(def(d), facts).map((l) => l.code);
const last = (amount: number) => ({ type: "last", amount, unit: "days" });

describe("the segment linter", () => {
  it("finds nothing wrong with the playbook templates", () => {
    for (const t of TEMPLATES) expect(codes(t.definition), t.key).toEqual([]);
  });

  it("flags a cart audience with no purchase exclusion, no window and no cap", () => {
    expect(codes({ conditions: [{ type: "event", event: "added_to_cart" }] })).toEqual([
      "intent-without-purchase-exclusion",
      "event-without-window",
      "intent-without-cap",
    ]);
  });

  it("accepts a purchase exclusion given as a 'did not' rule or as 'not in' a purchasers segment", () => {
    const cart = { type: "event", event: "checkout_started", window: last(3) };
    expect(
      codes({ conditions: [cart, { type: "event", event: "order_completed", performed: false, window: last(7) }], cap: { days: 3 } }),
    ).toEqual([]);
    const purchasers = { id: "p7", name: "Purchased in the last 7 days", definition: templateByKey("purchased-7d")!.definition };
    expect(
      codes({ conditions: [cart, { type: "segment", segmentId: "p7", membership: "not_in" }], cap: { days: 3 } }, { others: [purchasers] }),
    ).toEqual([]);
  });

  it("flags a noisy add-to-cart count without a checkout guardrail, and every lint says how to fix it", () => {
    const d = {
      conditions: [
        { type: "event", event: "added_to_cart", frequency: { op: "at_least", times: 3 }, window: last(7) },
        { type: "event", event: "order_completed", performed: false, window: last(7) },
      ],
      cap: { days: 2 },
    };
    const lints = lintDefinition(def(d));
    expect(lints.map((l) => l.code)).toEqual(["noisy-cart-count"]);
    expect(lints[0]).toMatchObject({ path: "conditions.0", fix: expect.stringMatching(/checkout/) });
  });

  it("flags low identifier coverage and duplicated logic (ignoring rule order)", () => {
    const d = templateByKey("reactivation-90d-engaged")!.definition;
    const reordered = def({ ...d, conditions: [...d.conditions].reverse() });
    const others = [{ id: "s1", name: "Winback", definition: d }];
    expect(lintDefinition(reordered, { others, coverage: { members: 100, reachable: 40 } }).map((l) => l.code)).toEqual([
      "low-identifier-coverage",
      "duplicate-segment",
    ]);
    expect(lintDefinition(reordered, { coverage: { members: 100, reachable: 90 } })).toEqual([]);
  });

  describe("rules that can never match", () => {
    const now = Date.parse("2026-06-01T12:00:00Z");
    const cannot = (d: unknown) => lintDefinition(def(d), { now }).filter((l) => l.code === "rule-cannot-match");
    const paths = (d: unknown) => cannot(d).map((l) => l.path);
    const hours = (amount: number) => ({ amount, unit: "hours" });
    const seq = (extra: object) => ({
      type: "sequence",
      did: { event: "checkout_started" },
      noneSince: { event: "order_completed" },
      ...extra,
    });

    it("flags “in the last 3 days, at least 100 hours ago”, and says why", () => {
      const lints = cannot({ conditions: [seq({ window: last(3), atLeastAgo: hours(100) })], cap: { days: 3 } });
      expect(lints).toHaveLength(1);
      expect(lints[0]).toMatchObject({
        path: "conditions.0",
        message: expect.stringContaining("looks back 3 days but wants the event at least 100 hours ago"),
      });
      expect(lints[0]!.fix).toMatch(/longer than 100 hours/);
      expect(paths({ conditions: [seq({ window: last(3), atLeastAgo: { amount: 3, unit: "days" } })] })).toEqual(["conditions.0"]);
      expect(paths({ conditions: [seq({ window: last(3), atLeastAgo: hours(2) })] })).toEqual([]);
    });

    it("flags a “none since” of the very event that qualifies, unless a filter tells them apart", () => {
      expect(paths({ conditions: [seq({ window: last(3), noneSince: { event: "checkout_started" } })] })).toEqual(["conditions.0"]);
      const filtered = seq({
        window: last(3),
        did: { event: "checkout_started" },
        noneSince: { event: "checkout_started", where: [{ property: "step", op: "equals", value: "paid" }] },
      });
      expect(paths({ conditions: [filtered] })).toEqual([]);
    });

    it("flags windows in the future and “did not … at least 0 times”", () => {
      const future = { type: "between", from: "2026-07-01T00:00:00Z", to: "2026-08-01T00:00:00Z" };
      expect(paths({ conditions: [{ type: "event", event: "order_completed", window: future }] })).toEqual(["conditions.0"]);
      expect(
        paths({
          conditions: [
            seq({ window: { type: "between", from: "2026-06-01T11:00:00Z", to: "2026-06-02T00:00:00Z" }, atLeastAgo: hours(2) }),
          ],
        }),
      ).toEqual(["conditions.0"]);
      expect(
        paths({
          conditions: [
            { type: "event", event: "order_completed", performed: false, frequency: { op: "at_least", times: 0 }, window: last(7) },
          ],
        }),
      ).toEqual(["conditions.0"]);
      expect(
        paths({
          conditions: [
            { type: "event", event: "order_completed", performed: false, frequency: { op: "at_least", times: 1 }, window: last(7) },
          ],
        }),
      ).toEqual([]);
    });

    it("flags property filters on one event that exclude each other", () => {
      const ev = (where: unknown[]) => ({ conditions: [{ type: "event", event: "order_completed", window: last(7), where }] });
      expect(
        paths(
          ev([
            { property: "total", op: "gt", value: 100 },
            { property: "total", op: "lt", value: 50 },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "total", op: "gte", value: 50 },
            { property: "total", op: "lte", value: 50 },
          ]),
        ),
      ).toEqual([]);
      expect(
        paths(
          ev([
            { property: "total", op: "gt", value: 50 },
            { property: "total", op: "lte", value: 50 },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "currency", op: "equals", value: "USD" },
            { property: "currency", op: "equals", value: "EUR" },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "currency", op: "equals", value: "USD" },
            { property: "currency", op: "in", value: ["EUR", "GBP"] },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "currency", op: "equals", value: "USD" },
            { property: "currency", op: "in", value: ["USD", "GBP"] },
          ]),
        ),
      ).toEqual([]);
      expect(
        paths(
          ev([
            { property: "coupon", op: "exists" },
            { property: "coupon", op: "not_exists" },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "coupon", op: "not_exists" },
            { property: "coupon", op: "not_equals", value: "X" },
          ]),
        ),
      ).toEqual([]);
      expect(
        paths(
          ev([
            { property: "sku", op: "starts_with", value: "AB" },
            { property: "sku", op: "starts_with", value: "CD" },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "sku", op: "contains", value: "shoe" },
            { property: "sku", op: "not_contains", value: "sho" },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
      expect(
        paths(
          ev([
            { property: "gift", op: "is_true" },
            { property: "gift", op: "is_false" },
          ]),
        ),
      ).toEqual(["conditions.0.where.1"]);
    });

    it("flags rules joined by “and” that exclude each other, but not the same rules joined by “any”", () => {
      const attr = (op: string, value?: unknown) => ({
        type: "attribute",
        field: "lifetime_value",
        op,
        ...(value === undefined ? {} : { value }),
      });
      expect(paths({ conditions: [attr("gt", 500), attr("lt", 100)] })).toEqual(["conditions.1"]);
      expect(paths({ match: "any", conditions: [attr("gt", 500), attr("lt", 100)] })).toEqual([]);
      const dates = [
        { type: "attribute", field: "last_purchase_at", op: "more_than_ago", value: { amount: 90, unit: "days" } },
        { type: "attribute", field: "last_purchase_at", op: "less_than_ago", value: { amount: 30, unit: "days" } },
      ];
      expect(paths({ conditions: dates })).toEqual(["conditions.1"]);
      expect(
        paths({
          conditions: [
            { type: "attribute", field: "first_seen_at", op: "after", value: "2026-05-01T00:00:00Z" },
            { type: "attribute", field: "first_seen_at", op: "before", value: "2026-04-01T00:00:00Z" },
          ],
        }),
      ).toEqual(["conditions.1"]);
      expect(
        paths({
          conditions: [
            { type: "identifier", identifier: "email", present: true },
            { type: "identifier", identifier: "email_or_phone", present: false },
          ],
        }),
      ).toEqual(["conditions.1"]);
      expect(
        paths({
          conditions: [
            { type: "identifier", identifier: "email", present: false },
            { type: "identifier", identifier: "email_or_phone", present: true },
          ],
        }),
      ).toEqual([]);
      expect(
        paths({
          conditions: [
            { type: "segment", segmentId: "s1", membership: "in" },
            { type: "segment", segmentId: "s1", membership: "not_in" },
          ],
        }),
      ).toEqual(["conditions.1"]);
      const never = { type: "event", event: "order_completed", performed: false };
      expect(paths({ conditions: [{ type: "event", event: "order_completed", window: last(7) }, never] })).toEqual(["conditions.1"]);
      expect(
        paths({
          conditions: [
            { type: "event", event: "order_completed", window: last(7) },
            { ...never, window: last(3) },
          ],
        }),
      ).toEqual([]);
    });

    it("looks inside groups: an “all” group with a dead rule, an “any” group whose every rule is dead", () => {
      const dead = seq({ window: last(1), atLeastAgo: { amount: 2, unit: "days" } });
      const ok = seq({ window: last(3), atLeastAgo: hours(2) });
      expect(paths({ conditions: [{ type: "group", match: "any", conditions: [dead, ok] }] })).toEqual(["conditions.0.conditions.0"]);
      const nested = {
        conditions: [
          {
            type: "group",
            match: "all",
            conditions: [
              { type: "attribute", field: "country", op: "equals", value: "US" },
              { type: "group", match: "all", conditions: [{ type: "attribute", field: "country", op: "equals", value: "FR" }] },
            ],
          },
        ],
      };
      expect(paths(nested)).toEqual(["conditions.0.conditions.1.conditions.0"]);
    });

    it("finds nothing impossible in the playbook templates", () => {
      for (const t of TEMPLATES) expect(cannot(t.definition), t.key).toEqual([]);
    });
  });
});
