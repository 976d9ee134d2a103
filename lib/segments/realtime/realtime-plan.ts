import { allConditions, type SegmentDefinition } from "@/lib/segments/definition";
import { activityEvents } from "@/lib/segments/refresh/refresh-statement";
import { dependencyOrder, referencedSegmentIds } from "@/lib/segments/references";

// Which segments to re-evaluate, for whom, after a batch of events: the pure half of the
// near-real-time pass (realtime-pass.ts). A person's membership depends only on their own
// profile, their own events, their membership of referenced segments, and the clock; so
// when some people's data changes, re-evaluating exactly those people gives them what a full
// refresh would, and nobody else's membership could have changed except by the clock (that
// is the scheduled full refresh's part: windows sliding past, caps running out).

/** Some people by profile id, or too many to list (a bulk load): then the segment is refreshed in full. */
export type People = Set<string> | "everyone";

/** What arrived since the last pass. */
export type RealtimeChanges = {
  /** Per event name, the people it arrived for. */
  byName: Map<string, People>;
  /** People whose profile itself may have changed in any way (identify, alias: traits, identifiers, adopted events). */
  wholesale: People;
  /** Everyone with any new event. */
  anyEvent: People;
};

export type RealtimeStep = { segmentId: string; people: People };

/** Event names whose arrival can change who matches: every rule that reads events. */
export function eventNamesRead(def: SegmentDefinition): string[] {
  const names = new Set<string>();
  for (const c of allConditions(def.conditions)) {
    if (c.type === "event" || c.type === "recency") names.add(c.event);
    if (c.type === "sequence") {
      names.add(c.did.event);
      if (c.noneSince) names.add(c.noneSince.event);
    }
  }
  return [...names];
}

/**
 * Definitions any change to a person can affect: rules on the profile (attributes and
 * identifiers, which every kind of message may update), "everyone" (a new person), and a cap
 * with no event rule (any event counts as the new activity that lets a capped person back in).
 */
export function readsAnyChange(def: SegmentDefinition): boolean {
  if (def.conditions.length === 0) return true;
  if (def.cap && activityEvents(def).length === 0) return true;
  return [...allConditions(def.conditions)].some((c) => c.type === "attribute" || c.type === "identifier");
}

/**
 * Segments in dependency order (a referenced segment before the segments using it), each with
 * the people to re-evaluate. A segment that uses another is re-evaluated for the people that
 * one was: their membership of it is the only thing of theirs it could have changed.
 */
export function planRealtime(segments: { id: string; definition: SegmentDefinition | null }[], changes: RealtimeChanges): RealtimeStep[] {
  const planned = new Map<string, People>();
  const steps: RealtimeStep[] = [];
  for (const s of dependencyOrder(segments)) {
    if (!s.definition) continue;
    let everyone = false;
    const people = new Set<string>();
    const add = (ids: People | undefined) => {
      if (ids === "everyone") everyone = true;
      else ids?.forEach((id) => people.add(id));
    };
    if (readsAnyChange(s.definition)) add(changes.anyEvent);
    else {
      for (const name of eventNamesRead(s.definition)) add(changes.byName.get(name));
      add(changes.wholesale);
    }
    for (const ref of referencedSegmentIds(s.definition)) add(planned.get(ref));
    if (!everyone && people.size === 0) continue;
    const step: RealtimeStep = { segmentId: s.id, people: everyone ? "everyone" : people };
    planned.set(s.id, step.people);
    steps.push(step);
  }
  return steps;
}
