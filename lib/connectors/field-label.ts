import { z } from "zod";

// The label a form shows for a settings or credentials field, derived from the connector's zod
// schema (its `.meta({ title })`, else the humanized key). The destination form and every
// message that names a field ("Check the Endpoint URL …") use this one function, so a message
// always names the field the user actually sees.

const WORDS: Record<string, string> = { url: "URL", api: "API", id: "ID", ms: "(ms)", oauth: "OAuth" };

/** adAccountId → "Ad account ID", apiBaseUrl → "API base URL". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase()
    .split(" ");
  const text = words.map((w) => WORDS[w] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type JsonObject = { properties?: Record<string, { title?: string }> };
const titles = new WeakMap<z.ZodType, Record<string, string | undefined>>();

function titlesOf(schema: z.ZodType): Record<string, string | undefined> {
  let t = titles.get(schema);
  if (!t) {
    let json: JsonObject = {};
    try {
      json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonObject;
    } catch {
      // Not representable: fall back to humanized keys.
    }
    t = Object.fromEntries(Object.entries(json.properties ?? {}).map(([k, p]) => [k, p.title]));
    titles.set(schema, t);
  }
  return t;
}

export function fieldLabel(schema: z.ZodType, name: string): string {
  return titlesOf(schema)[name] ?? humanize(name);
}

/** "A", "A and B", "A, B and C": field lists in hints. */
export function fieldList(schema: z.ZodType, names: string[]): string {
  const labels = names.map((n) => fieldLabel(schema, n));
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}
