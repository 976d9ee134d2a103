import type http from "node:http";
import { CIO_TIMESTAMP_HEADER, WEBHOOK_ID_HEADER } from "@/lib/delivery/signing";
import type { ReceivedBatch, ReceivedEvent, WireEvent } from "@/lib/delivery/testing/event-receiver-types";

// Reading one event_stream.batch request as the receiver records it (null: not a batch; answered 400).

/** The person an event belongs to, as the ledger orders by it: external_id, else anonymous_id. */
export function personKeyOf(e: WireEvent): string | null {
  const p = e.person;
  const key = p?.external_id ?? p?.anonymous_id;
  return typeof key === "string" ? key : null;
}

export function parseBatch(req: http.IncomingMessage, body: string): ReceivedBatch | null {
  let parsed: { type?: unknown; stream?: { id?: unknown }; events?: unknown };
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || parsed.type !== "event_stream.batch" || !Array.isArray(parsed.events)) return null;
  const events: ReceivedEvent[] = [];
  for (const raw of parsed.events as WireEvent[]) {
    if (!raw || typeof raw.id !== "string") return null;
    events.push({
      id: raw.id,
      name: typeof raw.name === "string" ? raw.name : undefined,
      person: personKeyOf(raw),
      receivedAt: typeof raw.received_at === "string" ? raw.received_at : undefined,
    });
  }
  const id = req.headers[WEBHOOK_ID_HEADER];
  const ts = req.headers["webhook-timestamp"] ?? req.headers[CIO_TIMESTAMP_HEADER];
  return {
    n: 0,
    webhookId: typeof id === "string" ? id : "",
    timestamp: Number(ts) || 0,
    streamId: typeof parsed.stream?.id === "string" ? parsed.stream.id : undefined,
    events,
    persons: [...new Set(events.flatMap((e) => (e.person === null ? [] : [e.person])))],
    previousSightings: 0,
    at: 0,
    body: parsed,
    headers: req.headers,
  };
}
