import { describe, expect, it } from "vitest";
import { fastSegmentMessage } from "@/lib/ingest/segment/fast-segment-message";
import { segmentMessageSchema } from "@/lib/ingest/segment/schema";

// The fast path must never accept what the schema refuses, nor return anything but the
// schema's own output: every message here goes through both. Messages come from JSON.parse
// (as in the route), so none has a key whose value is undefined.

const base: Record<string, Record<string, unknown>> = {
  track: {
    type: "track",
    event: "Order Completed",
    userId: "u-1",
    anonymousId: "a-1",
    messageId: "m-1",
    timestamp: "2026-06-10T12:00:00.000Z",
    properties: { total: 30, items: [{ sku: "A" }] },
    context: { library: { name: "analytics-node" } },
    integrations: {},
    _metadata: { jsRuntime: "node" },
  },
  identify: { type: "identify", userId: "u-2", traits: { email: "a@b.co", phone: "4155550100", plan: "pro" }, sentAt: "x" },
  page: { type: "page", anonymousId: "a-3", name: "Home", category: "Docs", properties: { path: "/" } },
  screen: { type: "screen", userId: 42, name: null },
  group: { type: "group", userId: "u-4", groupId: "g-1", traits: { name: "Acme" } },
  alias: { type: "alias", userId: "u-5", previousId: "a-5" },
};

const variants: Record<string, unknown[]> = {
  type: ["track", "identify", "page", "screen", "group", "alias", "Track", "", null, 1],
  userId: ["  padded  ", "x".repeat(255), " " + "x".repeat(255) + " ", "x".repeat(256), 7, 1.5, -0, null, "", true, {}, []],
  anonymousId: ["a", "x".repeat(256), 0, null, false, ["a"]],
  messageId: ["m", "", "x".repeat(255), "x".repeat(256), null, 5, " spaced "],
  timestamp: [
    "2026-06-10T12:00:00Z",
    "2026-06-10",
    "1970-01-01T00:00:00.000Z",
    "2100-01-01T00:00:00.000Z",
    "2099-12-31T23:59:59Z",
    "soon",
    "",
    1765000000000,
    null,
  ],
  event: ["Signed Up", "", "e".repeat(200), "e".repeat(201), null, 3, ["x"]],
  name: ["Pricing", "", "n".repeat(200), "n".repeat(201), null, 9, {}],
  category: ["Docs", "c".repeat(201), null, false],
  properties: [{}, { a: { b: [1, null] } }, JSON.parse('{"__proto__": {"x": 1}, "y": 2}'), { 1: "one", b: "bee" }, null, [], "props", 0],
  traits: [{}, { email: 5 }, JSON.parse('{"__proto__": 1}'), null, [1], "t"],
};

function* messages(): Generator<Record<string, unknown>> {
  const asParsed = (m: Record<string, unknown>) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
  for (const m of Object.values(base)) {
    yield asParsed(m);
    for (const [key, values] of Object.entries(variants)) {
      for (const v of values) yield asParsed({ ...m, [key]: v });
      const { [key]: _dropped, ...without } = m;
      yield asParsed(without);
    }
  }
}

describe("fastSegmentMessage", () => {
  it("returns exactly the schema's output, or leaves the message to the schema", () => {
    let fast = 0;
    let total = 0;
    for (const item of messages()) {
      total++;
      const got = fastSegmentMessage(item);
      if (got === null) continue;
      fast++;
      const parsed = segmentMessageSchema.safeParse(item);
      expect(parsed.success, JSON.stringify(item)).toBe(true);
      expect(got, JSON.stringify(item)).toStrictEqual(parsed.data);
      // Same keys in the same order, so nothing downstream can tell the two apart.
      expect(Object.keys(got)).toEqual(Object.keys(parsed.data!));
    }
    expect(total).toBeGreaterThan(400);
    expect(fast).toBeGreaterThan(100);
  });

  it("takes the common messages of analytics-node batches", () => {
    for (const type of ["track", "identify", "page", "screen"]) expect(fastSegmentMessage(base[type]!), type).not.toBeNull();
  });
});
