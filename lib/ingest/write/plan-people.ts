import type { IngestMessage } from "@/lib/ingest/message";
import type { Lookup } from "@/lib/ingest/write/lookup";
import { carriesIdentity, emptyRow, foldMessage, normalizedEmailOf, type ProfileRow } from "@/lib/ingest/write/profile-row";

// Decides, in memory, which people of a batch need a write: new people, people the batch
// tells us something about (traits, email, phone), and people whose "last seen" moved by more
// than a minute. Everyone else just needs their id, which the lookup already has.

const SEEN_RESOLUTION_MS = 60_000;

export type PeoplePlan = {
  live: IngestMessage[];
  suppressed: number;
  /** Rows to upsert by external id: known people (with their profile id) in id order, the lock order, then new people by key. */
  upserts: ProfileRow[];
  /** Customer.io `_update: true` rows: update if the person exists, never create. */
  updatesOnly: ProfileRow[];
  /** External id -> profile id for people who need no write. */
  unchanged: Map<string, string>;
  /** New external ids that arrive with an email an email-only person already has. */
  claims: { external_id: string; email: string }[];
};

export const seenAtFor = (receivedAt: Date) => (m: IngestMessage) =>
  m.event && m.event.occurredAt < receivedAt ? m.event.occurredAt : receivedAt;

export function planPeople(messages: IngestMessage[], lookup: Lookup, receivedAt: Date, country: string): PeoplePlan {
  const live = lookup.suppressed.size ? messages.filter((m) => !(m.externalId && lookup.suppressed.has(m.externalId))) : messages;
  const seenAt = seenAtFor(receivedAt);
  // Keys with at least one message that may create the person; null when no message is update-only (then every key may).
  let creating: Set<string> | null = null;
  if (live.some((m) => m.updateOnly)) {
    creating = new Set();
    for (const m of live) if (m.externalId && !m.updateOnly) creating.add(m.externalId);
  }

  // Pass 1: who needs a write (most keys need none: they get their known id). Pass 2 folds rows
  // only for them, in message order, from all of their messages.
  const needsWrite = new Set<string>();
  const unchanged = new Map<string, string>();
  for (const m of live) {
    const key = m.externalId;
    if (!key || needsWrite.has(key)) continue;
    const known = lookup.people.get(key);
    const at = seenAt(m).getTime();
    if (
      !known ||
      (creating !== null && !creating.has(key)) ||
      carriesIdentity(m) ||
      at > known.lastSeen + SEEN_RESOLUTION_MS ||
      at < known.firstSeen
    )
      needsWrite.add(key);
    else unchanged.set(key, known.id);
  }
  for (const key of needsWrite) unchanged.delete(key);

  const rows = new Map<string, ProfileRow>();
  const updateOnlyRows = new Map<string, ProfileRow>();
  // New external ids that arrive with an email an email-only person may already have (unknown keys always need a write).
  const claims: PeoplePlan["claims"] = [];
  const claimed = new Set<string>();
  if (needsWrite.size) {
    for (const m of live) {
      const key = m.externalId;
      if (!key || !needsWrite.has(key)) continue;
      const creates = creating === null || creating.has(key);
      const target = creates ? rows : updateOnlyRows;
      const at = seenAt(m);
      const id = lookup.people.get(key)?.id;
      target.set(key, foldMessage(target.get(key) ?? { ...emptyRow(at), external_id: key, ...(id && { id }) }, m, at, country));
      if (id === undefined && creates && !claimed.has(key)) {
        const email = normalizedEmailOf(m);
        if (email) {
          claims.push({ external_id: key, email });
          claimed.add(key);
        }
      }
    }
  }
  return {
    live,
    suppressed: messages.length - live.length,
    upserts: inLockOrder(rows),
    updatesOnly: inLockOrder(updateOnlyRows),
    unchanged,
    claims,
  };
}

/** Known people by profile id, then new people by external id: the order every profile write locks in (profile-sql.ts). */
function inLockOrder(rows: Map<string, ProfileRow>): ProfileRow[] {
  const rank = (r: ProfileRow) => (r.id === undefined ? Number.POSITIVE_INFINITY : Number(r.id));
  return [...rows.values()].sort(
    (a, b) => rank(a) - rank(b) || (a.external_id! < b.external_id! ? -1 : a.external_id! > b.external_id! ? 1 : 0),
  );
}
