import { pool } from "@/lib/db";
import type { HttpResponseBody } from "@/lib/delivery/http-send";
import { writeMessages } from "@/lib/ingest/write/write-messages";
import type { ResponseMapping } from "@/lib/webhook-actions/action-schemas";

// "Send and receive": on a 2xx JSON answer, each mapped field of the response (a dotted path such
// as data.tier) is written onto the person's attribute (loyalty_tier). It goes through the ingest
// writer as an identify carrying those traits, so it is recorded exactly as any other attribute
// change: merged into the person's attributes, and an identify event on their timeline (named by
// the action) that segments and streams see like one from a source. Never for test sends.
//
// Returns a sentence for the attempt record saying what was (or was not) written.

const MAX_VALUE_CHARS = 10_000;

/** The value at a dotted path (`data.items.0.sku`), or undefined when any step is missing. */
export function valueAtPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const step of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(step)) return undefined;
      cur = cur[Number(step)];
    } else {
      if (!Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

/** The traits a response maps to, and the paths it did not contain. */
export function mappedTraits(mapping: ResponseMapping, json: unknown): { traits: Record<string, unknown>; missing: string[] } {
  const traits: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const m of mapping) {
    const value = valueAtPath(json, m.from);
    if (value === undefined) missing.push(m.from);
    else traits[m.to] = value;
  }
  return { traits, missing };
}

export async function mapResponse(o: {
  actionId: string;
  actionName: string;
  deliveryId: string;
  profileId: string;
  mapping: ResponseMapping;
  body: HttpResponseBody | undefined;
}): Promise<string | null> {
  if (!o.mapping.length) return null;
  if (!o.body || !o.body.complete) return "Response over 64 KB: not mapped onto the person.";
  let json: unknown;
  try {
    json = JSON.parse(o.body.text);
  } catch {
    return "The response is not JSON: nothing was mapped onto the person.";
  }
  const { traits, missing } = mappedTraits(o.mapping, json);
  for (const [k, v] of Object.entries(traits)) {
    if (JSON.stringify(v).length > MAX_VALUE_CHARS) {
      delete traits[k];
      missing.push(`${k} (over ${MAX_VALUE_CHARS.toLocaleString("en-US")} characters)`);
    }
  }
  const missed = missing.length ? ` Not in the response: ${missing.join(", ")}.` : "";
  if (!Object.keys(traits).length) return `Nothing mapped onto the person.${missed}`;
  const { rows } = await pool().query<{ external_id: string | null; email_raw: string | null }>(
    `SELECT external_id, email_raw FROM profiles WHERE id = $1`,
    [o.profileId],
  );
  const person = rows[0];
  if (!person || (!person.external_id && !person.email_raw)) return `The person is no longer known: nothing was mapped.${missed}`;
  const now = new Date();
  await writeMessages(
    [
      {
        externalId: person.external_id,
        anonymousId: null,
        email: person.external_id ? undefined : person.email_raw,
        traits,
        event: {
          type: "identify",
          name: "identify",
          properties: { traits, webhook_action: { id: o.actionId, name: o.actionName } },
          // One change per delivered request, even if the same answer is read twice.
          messageId: `webhook_action:${o.deliveryId}`,
          occurredAt: now,
        },
      },
    ],
    { sourceId: null, receivedAt: now },
  );
  return `Wrote ${Object.keys(traits).join(", ")} onto the person.${missed}`;
}
