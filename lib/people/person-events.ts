import { z } from "zod";
import { pool } from "@/lib/db";

// A person's event timeline, newest first, paged with a keyset cursor (occurred_at, id) so
// pages stay stable while new events arrive.

export const personEventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  name: z.string().max(200).optional(),
});

export type TimelineEvent = {
  id: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
  receivedAt: Date;
  sourceId: string | null;
  messageId: string | null;
  anonymousId: string | null;
};

const encode = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

function decode(cursor: string): [string, string] | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  return at && id && /^\d+$/.test(id) && Number.isFinite(Date.parse(at)) ? [at, id] : null;
}

export async function personEvents(
  profileId: string,
  input: z.input<typeof personEventsQuery> = {},
): Promise<{ events: TimelineEvent[]; nextCursor: string | null }> {
  const { limit, cursor, name } = personEventsQuery.parse(input);
  const params: unknown[] = [profileId];
  const where = [`profile_id = $1`];
  const after = cursor ? decode(cursor) : null;
  if (cursor && !after) return { events: [], nextCursor: null };
  if (after) where.push(`(occurred_at, id) < ($${params.push(after[0])}::timestamp(3), $${params.push(after[1])}::bigint)`);
  if (name) where.push(`name = $${params.push(name)}`);
  const { rows } = await pool().query(
    `SELECT id::text, type, name, properties, occurred_at, received_at, source_id, message_id, anonymous_id
       FROM events WHERE ${where.join(" AND ")} ORDER BY occurred_at DESC, id DESC LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({
      id: r.id,
      type: r.type,
      name: r.name,
      properties: r.properties,
      occurredAt: r.occurred_at,
      receivedAt: r.received_at,
      sourceId: r.source_id,
      messageId: r.message_id,
      anonymousId: r.anonymous_id,
    })),
    nextCursor: rows.length > limit && last ? encode(last.occurred_at, last.id) : null,
  };
}
