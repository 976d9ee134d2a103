import type { PoolClient } from "pg";
import { pool, transactionOn } from "@/lib/db";
import { defaultCountry } from "@/lib/identity/default-country";
import type { IngestMessage, WriteResult } from "@/lib/ingest/message";
import { withEventFence } from "@/lib/ingest/write/event-fence";
import { insertEvents, linkAliases, type AliasLink, type EventRow } from "@/lib/ingest/write/event-sql";
import { lookupBatch } from "@/lib/ingest/write/lookup";
import { planPeople, seenAtFor } from "@/lib/ingest/write/plan-people";
import { carriesIdentity, emptyRow, foldMessage, normalizedEmailOf, type ProfileRow } from "@/lib/ingest/write/profile-row";
import {
  claimEmailOnlyPeople,
  updateById,
  updateExistingByExternalId,
  upsertByEmail,
  upsertByExternalId,
} from "@/lib/ingest/write/profile-sql";
import { withRetry } from "@/lib/ingest/write/with-retry";
import { logger } from "@/lib/logger";

// The one writer behind every way data comes in (Segment, Customer.io, webhooks, CSV). It
// applies the identity rules (README "Identity rules") to a whole batch:
//   1. people keyed by external id are created or updated (attributes merged, identifiers
//      normalized, raw kept); a new external id whose email belongs to an email-only person
//      takes that person over;
//   2. anonymous-only messages go to the person their anonymous id is linked to; with a usable
//      email and no link, to the person with that email (created if none);
//   3. userId + anonymousId (and Segment alias) link the anonymous id to the person (first link
//      wins), and that id's earlier anonymous events move to the person;
//   4. events are inserted once per message id.
// Writes are set-based, in key order (see profile-sql.ts), and each statement commits on its
// own: a batch-wide transaction held every person's row lock until the events were in, so
// concurrent batches sharing a few people queued behind each other's whole write (74% of
// sampled backend time waited on Lock:transactionid). The whole batch holds the event fence
// (event-fence.ts, a shared advisory lock), so no person it resolves can be deleted before its
// events are in. Every step is idempotent (upserts merge,
// links keep the first, events dedupe by message id), so a batch that fails half-way and is
// retried, here or by the client after a 500, ends in the same state as one that never failed.

export type WriteOptions = { sourceId: string | null; receivedAt: Date; country?: string };

const empty = (): WriteResult => ({ stored: 0, duplicates: 0, people: 0, suppressed: 0, linked: 0, backfilled: 0, failed: [] });

/**
 * Errors caused by a value in the data, not by the database or the connection: SQLSTATE class
 * 22 (data exception: bad text, out-of-range number) and 54 (program limit: an index row too
 * large). Retrying the batch cannot help, and failing it would lose its valid messages.
 */
const isDataError = (e: unknown) => /^(22|54)/.test(String((e as { code?: unknown })?.code ?? ""));

export async function writeMessages(messages: IngestMessage[], options: WriteOptions): Promise<WriteResult> {
  if (!messages.length) return empty();
  const country = options.country ?? (await defaultCountry());
  const client = await pool().connect();
  let refused: unknown;
  let stuck: Error | undefined;
  try {
    return await withRetry(() =>
      withEventFence(
        client,
        () => writeOnce(client, messages, { ...options, country }),
        (e) => (stuck = e),
      ),
    );
  } catch (e) {
    if (!isDataError(e)) throw e;
    refused = e;
  } finally {
    client.release(stuck);
  }
  // The connection is back in the pool before the halves each take one.
  return isolate(messages, { ...options, country }, refused);
}

/**
 * The safety net behind the parse-time checks (check-message.ts): when the database refuses a
 * batch because of a value, the batch is split in halves (in order, so later messages still
 * win) until the refused messages are alone; they are reported and everything else is stored.
 * Costs O(bad × log n) extra writes, only on a batch that already failed.
 */
async function isolate(messages: IngestMessage[], options: WriteOptions, error: unknown): Promise<WriteResult> {
  if (messages.length === 1) {
    logger.warn(
      { err: error, messageId: messages[0]!.event?.messageId },
      "the database refused one ingest message; stored the rest of its batch",
    );
    return {
      ...empty(),
      failed: [{ position: 0, error: "could not be stored: one of its values is too large or not valid for the database" }],
    };
  }
  const mid = Math.ceil(messages.length / 2);
  const first = await writeMessages(messages.slice(0, mid), options);
  const second = await writeMessages(messages.slice(mid), options);
  return {
    stored: first.stored + second.stored,
    duplicates: first.duplicates + second.duplicates,
    people: first.people + second.people,
    suppressed: first.suppressed + second.suppressed,
    linked: first.linked + second.linked,
    backfilled: first.backfilled + second.backfilled,
    failed: [...first.failed, ...second.failed.map((f) => ({ ...f, position: f.position + mid }))],
  };
}

/** The batch's distinct external ids, and its distinct anonymous ids and alias previousIds, in one pass. */
function batchKeys(messages: IngestMessage[]): { externalIds: string[]; anonymousIds: string[] } {
  const external = new Set<string>();
  const anonymous = new Set<string>();
  for (const m of messages) {
    if (m.externalId) external.add(m.externalId);
    if (m.anonymousId) anonymous.add(m.anonymousId);
    if (m.previousId) anonymous.add(m.previousId);
  }
  return { externalIds: [...external], anonymousIds: [...anonymous] };
}

async function writeOnce(client: PoolClient, messages: IngestMessage[], o: Required<WriteOptions>): Promise<WriteResult> {
  const keys = batchKeys(messages);
  const lookup = await lookupBatch(client, keys.externalIds, keys.anonymousIds);
  const plan = planPeople(messages, lookup, o.receivedAt, o.country);
  if (plan.claims.length) await claimEmailOnlyPeople(client, plan.claims);
  const seenAt = seenAtFor(o.receivedAt);
  const anonymous = plan.live.filter((m) => !m.externalId);

  // 1. People keyed by external id.
  const profileOf = new Map(plan.unchanged);
  for (const [k, v] of await upsertByExternalId(client, plan.upserts)) profileOf.set(k, v);
  for (const [k, v] of await updateExistingByExternalId(client, plan.updatesOnly)) profileOf.set(k, v);

  // 2. Messages without an external id: by their anonymous id's link, else by email.
  const aliasOf = lookup.aliases;
  const byId = new Map<string, ProfileRow>();
  const byEmail = new Map<string, ProfileRow>();
  for (const m of anonymous) {
    const linked = m.anonymousId ? aliasOf.get(m.anonymousId) : undefined;
    const email = linked ? null : normalizedEmailOf(m);
    const [map, key, init] = linked ? [byId, linked, { id: linked }] : [byEmail, email, {}];
    if (!key || (linked && !carriesIdentity(m))) continue;
    map.set(key, foldMessage(map.get(key) ?? { ...emptyRow(seenAt(m)), ...init }, m, seenAt(m), o.country));
  }
  await updateById(client, [...byId.values()]);
  // Its advisory lock is transaction-scoped: the one step that needs a transaction.
  const emailRows = [...byEmail.keys()].sort().map((k) => byEmail.get(k)!);
  const emailProfile = emailRows.length ? await transactionOn(client, () => upsertByEmail(client, emailRows)) : new Map<string, string>();

  // 3. Links from anonymous ids (and alias previousIds) to people; the first link wins.
  const links = new Map<string, AliasLink>();
  const link = (anonymousId: string | null | undefined, profileId: string | undefined) => {
    if (anonymousId && profileId && !aliasOf.has(anonymousId) && !links.has(anonymousId))
      links.set(anonymousId, { anonymous_id: anonymousId, profile_id: profileId });
  };
  for (const m of plan.live) {
    if (m.externalId) {
      link(m.anonymousId, profileOf.get(m.externalId));
      link(m.previousId, profileOf.get(m.externalId));
    } else if (m.anonymousId) {
      link(m.anonymousId, emailProfile.get(normalizedEmailOf(m) ?? ""));
    }
  }
  const linked = await linkAliases(client, [...links.values()], o.sourceId);
  for (const l of linked.created) aliasOf.set(l.anonymous_id, l.profile_id);

  // 4. Events.
  const events: EventRow[] = [];
  for (const m of plan.live) {
    if (!m.event) continue;
    const profileId = m.externalId
      ? profileOf.get(m.externalId)
      : (m.anonymousId && aliasOf.get(m.anonymousId)) || emailProfile.get(normalizedEmailOf(m) ?? "");
    events.push({
      profile_id: profileId ?? null,
      anonymous_id: m.anonymousId,
      type: m.event.type,
      name: m.event.name,
      properties: m.event.properties,
      message_id: m.event.messageId,
      occurred_at: m.event.occurredAt.toISOString(),
    });
  }
  const stored = await insertEvents(client, events, o.sourceId, o.receivedAt);
  return {
    failed: [],
    stored,
    duplicates: events.length - stored,
    people: plan.upserts.length + plan.updatesOnly.length + byId.size + emailProfile.size,
    suppressed: plan.suppressed,
    linked: linked.created.length,
    backfilled: linked.backfilled,
  };
}
