import { z } from "zod";
import { forwardedEventSchema, type StreamBatchBody } from "@/lib/streams/forwarded-event";

// "What your endpoint receives", on the stream's page: an example request body with one event,
// and each field's meaning taken from the schema's own descriptions (lib/streams/forwarded-event.ts),
// so the page and the API reference cannot disagree with what is sent.

export function exampleBatchBody(stream: { id: string; name: string }): StreamBatchBody {
  return {
    type: "event_stream.batch",
    stream: { id: stream.id, name: stream.name },
    events: [
      {
        id: "evt_01JEXAMPLE7Q2K9",
        name: "email_clicked",
        occurred_at: "2026-12-01T09:30:12.000Z",
        received_at: "2026-12-01T09:30:13.204Z",
        person: {
          external_id: "cus_1042",
          anonymous_id: null,
          email: "jane@example.com",
          phone: "+14155550123",
          email_sha256: "8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d",
          phone_sha256: "d4bc7df2b1e6cf5bd0a7b48e2cfc7c1c1d2e4d6a8b0c2e4f6a8b0c2e4f6a8b0c",
        },
        campaign_id: "42",
        message_id: "dgOQAQABAAE",
        journey_id: "17",
        action_id: "93",
        variation: "B",
        sent_at: "2026-12-01T09:00:00.000Z",
        channel: "email",
        link: "https://shop.example.com/sale?utm_source=email",
        reason: null,
        properties: { campaign_id: 42, delivery_id: "dgOQAQABAAE", href: "https://shop.example.com/sale?utm_source=email" },
      },
    ],
  };
}

type JsonSchema = { type?: string | string[]; description?: string; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };

/** Every field of a forwarded event, dotted (person.email), with its type and meaning. */
export function forwardedFieldDocs(): { field: string; type: string; description: string }[] {
  const root = z.toJSONSchema(forwardedEventSchema) as JsonSchema;
  const out: { field: string; type: string; description: string }[] = [];
  const typeOf = (s: JsonSchema): string => {
    if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
    const t = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
    return t;
  };
  const walk = (props: Record<string, JsonSchema>, prefix: string) => {
    for (const [k, s] of Object.entries(props)) {
      const field = `${prefix}${k}`;
      if (s.type === "object" && s.properties && k !== "properties") walk(s.properties, `${field}.`);
      else out.push({ field, type: typeOf(s), description: s.description ?? "" });
    }
  };
  walk(root.properties ?? {}, "");
  return out;
}
