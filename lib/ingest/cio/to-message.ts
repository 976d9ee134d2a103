import type { z } from "zod";
import { normalizeEmail } from "@/lib/identity/normalize";
import { CIO_LIMITS } from "@/lib/ingest/limits";
import { findJsonProblem, jsonBytes, unstorableReason } from "@/lib/ingest/json-guard";
import type { IngestMessage } from "@/lib/ingest/message";
import { CIO_CONTROL_KEYS, cioAnonymousEventSchema, cioEventSchema, cioIdentifySchema } from "@/lib/ingest/cio/schema";

// Customer.io Track v1 calls -> internal messages, with every documented limit checked and
// every violation reported (Customer.io answers 400 {"meta":{"errors":[...]}} listing them).

export type CioParse = { message: IngestMessage | null; errors: string[] };

const bytes = jsonBytes;
const fmt = (n: number) => n.toLocaleString("en-US");

export function checkCustomerId(id: string): string[] {
  if (!id.trim()) return ["customer id is empty"];
  const unstorable = unstorableReason(id);
  if (unstorable) return [`customer id ${unstorable}`];
  const n = bytes(id);
  return n > CIO_LIMITS.idBytes ? [`customer id is ${fmt(n)} bytes; the limit is ${CIO_LIMITS.idBytes}`] : [];
}

function zodErrors(error: z.ZodError, prefix = ""): string[] {
  return error.issues.map((i) => `${prefix}${i.path.map(String).join(".") || "body"}: ${i.message.replace(/^Invalid input: /, "")}`);
}

function jsonProblems(value: unknown, where: string): string[] {
  const p = findJsonProblem(value);
  return p ? [`${where}${p.path ? `.${p.path}` : ""} ${p.error}`] : [];
}

export function cioIdentify(id: string, body: unknown, _receivedAt: Date): CioParse {
  const errors = checkCustomerId(id);
  const parsed = cioIdentifySchema.safeParse(body ?? {});
  if (!parsed.success) return { message: null, errors: [...errors, ...zodErrors(parsed.error)] };
  const { email, phone, ...rest } = parsed.data;
  const traits: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (CIO_CONTROL_KEYS.has(key)) continue;
    if (bytes(key) > CIO_LIMITS.attributeNameBytes)
      errors.push(`attribute name "${key.slice(0, 40)}…" is over ${CIO_LIMITS.attributeNameBytes} bytes`);
    const size = bytes(value);
    if (size > CIO_LIMITS.attributeValueBytes && Number.isFinite(size))
      errors.push(`attribute "${key}": value is ${fmt(size)} bytes; the limit is ${fmt(CIO_LIMITS.attributeValueBytes)}`);
    traits[key] = value;
  }
  const count = Object.keys(traits).length + (email != null ? 1 : 0) + (phone != null ? 1 : 0);
  if (count > CIO_LIMITS.attributesPerRequest)
    errors.push(`${fmt(count)} attributes; the limit is ${CIO_LIMITS.attributesPerRequest} per request`);
  errors.push(...jsonProblems(traits, "attributes"));
  if (errors.length) return { message: null, errors };
  const externalId = id.trim();
  // Workspaces that identify people by email use the address as the id (destination-contracts §5.1).
  const emailFromId = email == null && normalizeEmail(externalId).normalized ? externalId : undefined;
  return {
    errors,
    message: {
      externalId,
      anonymousId: null,
      email: (email as string | null | undefined) ?? emailFromId,
      phone: phone == null ? undefined : String(phone),
      traits,
      updateOnly: parsed.data._update === true,
    },
  };
}

function eventErrors(e: { name: string; data?: Record<string, unknown> }): string[] {
  const errors: string[] = [];
  const nameBytes = bytes(e.name);
  if (nameBytes > CIO_LIMITS.eventNameBytes) errors.push(`name is ${fmt(nameBytes)} bytes; the limit is ${CIO_LIMITS.eventNameBytes}`);
  if (e.data) {
    const dataBytes = bytes(e.data);
    if (dataBytes > CIO_LIMITS.eventDataBytes && Number.isFinite(dataBytes))
      errors.push(`data is ${fmt(dataBytes)} bytes; the limit is ${fmt(CIO_LIMITS.eventDataBytes)}`);
    errors.push(...jsonProblems(e.data, "data"));
  }
  errors.push(...jsonProblems(e.name, "name"));
  return errors;
}

const EVENT_TYPES = { event: "track", page: "page", screen: "screen" } as const;

function toEvent(e: z.infer<typeof cioEventSchema>, receivedAt: Date): IngestMessage["event"] {
  return {
    type: EVENT_TYPES[e.type ?? "event"],
    name: e.name,
    properties: e.data ?? {},
    // Customer.io ignores a repeated event id; namespaced so it cannot collide with other sources' ids.
    messageId: e.id ? `cio:${e.id}` : null,
    occurredAt: e.timestamp !== undefined ? new Date(e.timestamp * 1000) : receivedAt,
  };
}

export function cioTrack(id: string, body: unknown, receivedAt: Date): CioParse {
  const errors = checkCustomerId(id);
  const parsed = cioEventSchema.safeParse(body ?? {});
  if (!parsed.success) return { message: null, errors: [...errors, ...zodErrors(parsed.error)] };
  errors.push(...eventErrors(parsed.data));
  if (errors.length) return { message: null, errors };
  return { errors, message: { externalId: id.trim(), anonymousId: null, event: toEvent(parsed.data, receivedAt) } };
}

export function cioAnonymousTrack(body: unknown, receivedAt: Date): CioParse {
  const parsed = cioAnonymousEventSchema.safeParse(body ?? {});
  if (!parsed.success) return { message: null, errors: zodErrors(parsed.error) };
  const errors = eventErrors(parsed.data);
  const anonymousId = parsed.data.anonymous_id?.trim() || null;
  if (anonymousId && bytes(anonymousId) > CIO_LIMITS.idBytes) errors.push(`anonymous_id is over ${CIO_LIMITS.idBytes} bytes`);
  if (errors.length) return { message: null, errors };
  return { errors, message: { externalId: null, anonymousId, event: toEvent(parsed.data, receivedAt) } };
}
