import { z } from "zod";
import type { Connector, DestinationKind } from "@/lib/connectors/contract";
import { DESTINATION_KINDS } from "@/lib/destinations/destination-schemas";
import { humanize } from "@/lib/connectors/field-label";
import { connectorFor, hasConnector } from "@/lib/connectors/registry";

export { humanize };

// The per-kind settings form, derived from each connector's own zod schemas (via JSON Schema),
// so a new connector gets a working form without UI code. Plain data: safe to pass to a client
// component.

export type FormField = {
  name: string;
  label: string;
  description?: string;
  type: "string" | "url" | "integer" | "boolean" | "enum" | "headers";
  required: boolean;
  secret: boolean;
  defaultValue?: string | number | boolean;
  options?: string[];
  min?: number;
  max?: number;
};

export type DestinationKindSpec = {
  kind: DestinationKind;
  label: string;
  maxBatchSize: number;
  identifiers: string[];
  visibilityDelayHours: number | null;
  settings: FormField[];
  credentials: FormField[];
  /** Settings the credentials are bound to: changing one needs every credential entered again. */
  addressSettings: string[];
};

type JsonProp = {
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  additionalProperties?: unknown;
};

function fields(schema: z.ZodType, secret: boolean): FormField[] {
  let json: { properties?: Record<string, JsonProp>; required?: string[] };
  try {
    json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as typeof json;
  } catch {
    return [];
  }
  return Object.entries(json.properties ?? {}).map(([name, p]) => {
    const type: FormField["type"] = p.enum
      ? "enum"
      : p.type === "boolean"
        ? "boolean"
        : p.type === "integer" || p.type === "number"
          ? "integer"
          : p.type === "object"
            ? "headers"
            : p.format === "uri"
              ? "url"
              : "string";
    const d = p.default;
    return {
      name,
      label: p.title ?? humanize(name),
      description: p.description,
      type,
      required: (json.required ?? []).includes(name) && d === undefined,
      secret,
      ...(typeof d === "string" || typeof d === "number" || typeof d === "boolean" ? { defaultValue: d } : {}),
      ...(p.enum ? { options: p.enum } : {}),
      ...(p.minimum !== undefined ? { min: p.minimum } : {}),
      ...(p.maximum !== undefined ? { max: p.maximum } : {}),
    };
  });
}

export function kindSpec(kind: DestinationKind): DestinationKindSpec {
  const c = connectorFor(kind) as Connector<unknown, unknown>;
  return {
    kind,
    label: c.label,
    maxBatchSize: c.maxBatchSize,
    identifiers: c.supportedIdentifiers,
    visibilityDelayHours: c.visibilityDelayHours ?? null,
    settings: fields(c.settingsSchema as z.ZodType, false),
    credentials: fields(c.credentialsSchema as z.ZodType, true),
    addressSettings: [...c.addressSettings],
  };
}

/** Every kind this build can connect, webhook and warehouse first (they need no ad account). */
export function destinationKinds(): DestinationKindSpec[] {
  const order: DestinationKind[] = ["webhook", "warehouse", "meta", "google_ads", "tiktok"];
  return order.filter((k) => (DESTINATION_KINDS as readonly string[]).includes(k) && hasConnector(k)).map(kindSpec);
}
