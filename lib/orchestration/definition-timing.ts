import { eventEntry } from "@/lib/segments/catalog";
import { allConditions, durationMs, segmentDefinition, type Condition, type SegmentDefinition } from "@/lib/segments/definition";

// What a segment definition says about cart intent and purchases, for the orchestration checks.
// Pure (no data access): definitions of referenced segments come in as a map, so "in segment X"
// counts what X reads. A fixture or unreadable definition reads nothing (no conflict is invented).

export type Definitions = Map<string, SegmentDefinition | null>;

export const isCartEvent = (name: string) => {
  const intent = eventEntry(name)?.intent;
  return intent === "cart" || intent === "checkout";
};
export const isPurchaseEvent = (name: string) => eventEntry(name)?.purchase === true;

export function parseDefinition(raw: unknown): SegmentDefinition | null {
  const parsed = segmentDefinition.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Event names a condition reads (either way: did or did not), for "reads a purchase event". */
function eventsOf(c: Condition): string[] {
  if (c.type === "event" || c.type === "recency") return [c.event];
  if (c.type === "sequence") return [c.did.event, ...(c.noneSince ? [c.noneSince.event] : [])];
  return [];
}

/** Every event the segment reads, following "in segment" rules (cycles stop). */
export function eventsRead(def: SegmentDefinition | null, defs: Definitions, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (!def) return out;
  for (const c of allConditions(def.conditions)) {
    for (const e of eventsOf(c)) out.add(e);
    if (c.type === "segment" && !seen.has(c.segmentId)) {
      seen.add(c.segmentId);
      for (const e of eventsRead(defs.get(c.segmentId) ?? null, defs, seen)) out.add(e);
    }
  }
  return out;
}

export const readsPurchase = (def: SegmentDefinition | null, defs: Definitions) => [...eventsRead(def, defs)].some(isPurchaseEvent);

/**
 * How soon after a cart or checkout event the segment can admit someone, in ms; null when no
 * positive cart rule decides entry. "Added to cart in the last 3 days" admits at once (0); a
 * sequence with "at least 2 hours ago" waits 2 hours; "last checkout more than 1 hour ago" waits
 * 1 hour. In an "all" group every rule must hold, so the longest wait wins; in "any", the shortest.
 */
export function cartEntryDelayMs(def: SegmentDefinition | null, defs: Definitions): number | null {
  if (!def) return null;
  return combine(def.match, def.conditions, defs, new Set());
}

function combine(match: "all" | "any", conditions: Condition[], defs: Definitions, seen: Set<string>): number | null {
  const delays = conditions.map((c) => delayOf(c, defs, seen)).filter((d): d is number => d !== null);
  if (!delays.length) return null;
  return match === "all" ? Math.max(...delays) : Math.min(...delays);
}

function delayOf(c: Condition, defs: Definitions, seen: Set<string>): number | null {
  switch (c.type) {
    case "event":
      return c.performed !== false && isCartEvent(c.event) ? 0 : null;
    case "sequence":
      return isCartEvent(c.did.event) ? (c.atLeastAgo ? durationMs(c.atLeastAgo) : 0) : null;
    case "recency":
      if (!isCartEvent(c.event)) return null;
      return c.op === "more_than" ? durationMs(c.ago) : 0;
    case "group":
      return combine(c.match, c.conditions, defs, seen);
    case "segment": {
      if (c.membership !== "in" || seen.has(c.segmentId)) return null;
      seen.add(c.segmentId);
      return cartEntryDelayMs(defs.get(c.segmentId) ?? null, defs);
    }
    default:
      return null;
  }
}

/**
 * The positive cart/checkout rules that have no "within" window, i.e. keep someone in for as long
 * as the cart is their latest news. Empty when the segment is not a cart audience or every cart rule
 * is timeboxed. A cap (the segment's or the sync's) timeboxes everything; the caller checks that.
 */
export function untimedCartEvents(def: SegmentDefinition | null, defs: Definitions, seen = new Set<string>()): string[] {
  if (!def) return [];
  const out: string[] = [];
  for (const c of allConditions(def.conditions)) {
    if (c.type === "event" && c.performed !== false && isCartEvent(c.event) && !c.window) out.push(c.event);
    if (c.type === "sequence" && isCartEvent(c.did.event) && !c.window) out.push(c.did.event);
    // "Last checkout more than 1 hour ago" has no upper bound; "less than 3 days ago" is a window.
    if (c.type === "recency" && isCartEvent(c.event) && c.op === "more_than") out.push(c.event);
    if (c.type === "segment" && c.membership === "in" && !seen.has(c.segmentId)) {
      seen.add(c.segmentId);
      const inner = defs.get(c.segmentId) ?? null;
      if (!inner?.cap) out.push(...untimedCartEvents(inner, defs, seen));
    }
  }
  return [...new Set(out)];
}
