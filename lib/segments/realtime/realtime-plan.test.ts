import { describe, expect, it } from "vitest";
import { segmentDefinition, type SegmentDefinition } from "@/lib/segments/definition";
import { planRealtime, readsAnyChange, type RealtimeChanges } from "@/lib/segments/realtime/realtime-plan";

// Which segments a batch of events re-evaluates, and for whom.

const def = (raw: unknown): SegmentDefinition => segmentDefinition.parse(raw);
const did = (event: string) => ({ type: "event", event, performed: true });
const changes = (byName: Record<string, string[] | "everyone">, wholesale: string[] = []): RealtimeChanges => {
  const all = Object.values(byName);
  return {
    byName: new Map(Object.entries(byName).map(([k, v]) => [k, v === "everyone" ? "everyone" : new Set(v)])),
    wholesale: new Set(wholesale),
    anyEvent: all.includes("everyone") ? "everyone" : new Set(all.flat() as string[]),
  };
};
const plan = (segments: { id: string; definition: SegmentDefinition }[], c: RealtimeChanges) =>
  planRealtime(segments, c).map((s) => [s.segmentId, s.people === "everyone" ? "everyone" : [...s.people].sort()]);

describe("planning a near-real-time pass", () => {
  const checkout = { id: "checkout", definition: def({ conditions: [did("checkout_started")] }) };
  const lapsed = {
    id: "lapsed",
    definition: def({
      conditions: [{ type: "sequence", did: { event: "checkout_started" }, noneSince: { event: "order_completed" } }],
    }),
  };
  const gb = { id: "gb", definition: def({ conditions: [{ type: "attribute", field: "country", op: "equals", value: "GB" }] }) };
  // Listed before the segment it uses: the plan still evaluates "checkout" first.
  const vip = {
    id: "vip",
    definition: def({ conditions: [{ type: "segment", segmentId: "checkout", membership: "in" }, did("vip_badge")] }),
  };

  it("picks segments by the event names they read, for the people those events arrived for", () => {
    expect(plan([checkout, lapsed], changes({ order_completed: ["7"] }))).toEqual([["lapsed", ["7"]]]);
    expect(plan([checkout, lapsed], changes({ checkout_started: ["1", "2"], page: ["3"] }))).toEqual([
      ["checkout", ["1", "2"]],
      ["lapsed", ["1", "2"]],
    ]);
  });

  it("re-evaluates profile rules for anyone with any event, and identified people for every segment", () => {
    expect(plan([gb, checkout], changes({ page: ["3"] }))).toEqual([["gb", ["3"]]]);
    expect(plan([checkout], changes({ identify: ["9"] }, ["9"]))).toEqual([["checkout", ["9"]]]);
  });

  it("follows segment references, in dependency order, for the people the referenced segment was evaluated for", () => {
    expect(plan([vip, checkout], changes({ checkout_started: ["1"], vip_badge: ["2"] }))).toEqual([
      ["checkout", ["1"]],
      ["vip", ["1", "2"]],
    ]);
    expect(plan([vip, checkout], changes({ page: ["5"] }))).toEqual([]);
  });

  it("refreshes in full when a pass had too many events to list", () => {
    expect(plan([vip, checkout, lapsed], changes({ checkout_started: "everyone" }))).toEqual([
      ["checkout", "everyone"],
      ["vip", "everyone"],
      ["lapsed", "everyone"],
    ]);
  });

  it("counts any event as re-entry activity for a capped segment without event rules", () => {
    expect(readsAnyChange(def({ conditions: [{ type: "segment", segmentId: "x", membership: "in" }], cap: { days: 3 } }))).toBe(true);
    expect(readsAnyChange(def({ conditions: [did("a")], cap: { days: 3 } }))).toBe(false);
    expect(readsAnyChange(def({ conditions: [] }))).toBe(true);
  });
});
