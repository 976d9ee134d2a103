// The field catalogue: which profile fields and events a segment may use, their types
// (which operators make sense) and how to say them in plain English. Shared with the
// browser. Only `column` entries are ever interpolated into SQL, and only from this
// file; attribute keys, event names and property names are always bound parameters.

export type FieldType = "string" | "number" | "boolean" | "date";

export type FieldEntry = {
  key: string;
  label: string;
  type: FieldType;
  /** A real column on profiles (whitelisted here); otherwise a key in profiles.attributes. */
  column?: "first_seen_at" | "last_seen_at" | "email" | "external_id";
  /**
   * A date attribute with an expression index (migration 20261201193000): date comparisons on
   * it are compiled to the indexed expression instead of parsing each profile's JSON. The key
   * is then written into the SQL, like a column name, so only this file may set it.
   */
  indexed?: true;
  examples?: (string | number)[];
  hint?: string;
};

export const FIELDS: FieldEntry[] = [
  { key: "country", label: "Country", type: "string", examples: ["US", "GB", "CA", "AU", "DE"], hint: "Two-letter code" },
  { key: "city", label: "City", type: "string", examples: ["New York", "London", "Toronto"] },
  { key: "first_name", label: "First name", type: "string" },
  { key: "subscription_status", label: "Email subscription", type: "string", examples: ["subscribed", "unsubscribed", "never"] },
  { key: "accepts_sms", label: "Accepts SMS", type: "boolean" },
  {
    key: "last_purchase_at",
    label: "Last purchase date",
    type: "date",
    indexed: true,
    hint: "Includes purchases imported from before events were tracked",
  },
  { key: "lifetime_value", label: "Lifetime value", type: "number", hint: "Total spend" },
  { key: "orders_count", label: "Number of orders", type: "number" },
  { key: "first_seen_at", label: "First seen", type: "date", column: "first_seen_at" },
  { key: "last_seen_at", label: "Last seen", type: "date", column: "last_seen_at" },
  { key: "email", label: "Email address", type: "string", column: "email", hint: "Normalized (lowercase)" },
  { key: "external_id", label: "Customer ID", type: "string", column: "external_id" },
];

export type EventEntry = {
  name: string;
  /** Past tense for "People who ___": "started checkout". */
  did: string;
  /** Negated: "have not started checkout". */
  didNot: string;
  /** For recency: "their last checkout". */
  noun: string;
  /** Signals shopping intent (the linter's purchase-exclusion and cap rules). */
  intent?: "view" | "cart" | "checkout";
  purchase?: true;
  properties?: { key: string; type: "string" | "number"; examples?: (string | number)[] }[];
};

const productProps: EventEntry["properties"] = [
  { key: "category", type: "string", examples: ["footwear", "outerwear", "bags", "tops", "bottoms", "camping", "accessories"] },
  { key: "sku", type: "string", examples: ["FTW-BOT-01", "TRL-JKT-01"] },
  { key: "product_name", type: "string" },
  { key: "price", type: "number" },
];
const basketProps: EventEntry["properties"] = [
  { key: "cart_value", type: "number", examples: [50, 100, 250] },
  { key: "category", type: "string", examples: ["footwear", "outerwear", "camping"] },
  { key: "sku", type: "string" },
  { key: "product_name", type: "string" },
  { key: "items", type: "number" },
];
const messageProps: EventEntry["properties"] = [
  { key: "campaign_id", type: "number", examples: [101, 205, 310] },
  { key: "journey_id", type: "string", examples: ["jrn_weekly_newsletter", "jrn_winback_90d"] },
  { key: "variation", type: "string", examples: ["A", "B"] },
];

export const EVENTS: EventEntry[] = [
  {
    name: "product_viewed",
    did: "viewed a product",
    didNot: "have not viewed a product",
    noun: "product view",
    intent: "view",
    properties: productProps,
  },
  {
    name: "added_to_cart",
    did: "added to cart",
    didNot: "have not added to cart",
    noun: "add to cart",
    intent: "cart",
    properties: [...productProps!, { key: "cart_value", type: "number" }],
  },
  {
    name: "checkout_started",
    did: "started checkout",
    didNot: "have not started checkout",
    noun: "checkout",
    intent: "checkout",
    properties: basketProps,
  },
  {
    name: "order_completed",
    did: "completed an order",
    didNot: "have not completed an order",
    noun: "purchase",
    purchase: true,
    properties: [...basketProps!, { key: "order_id", type: "string" }],
  },
  { name: "email_sent", did: "were sent an email", didNot: "have not been sent an email", noun: "email sent", properties: messageProps },
  {
    name: "email_delivered",
    did: "received an email",
    didNot: "have not received an email",
    noun: "email delivered",
    properties: messageProps,
  },
  { name: "email_opened", did: "opened an email", didNot: "have not opened an email", noun: "email open", properties: messageProps },
  { name: "email_clicked", did: "clicked an email", didNot: "have not clicked an email", noun: "email click", properties: messageProps },
  { name: "email_bounced", did: "had an email bounce", didNot: "have not had an email bounce", noun: "bounce", properties: messageProps },
  {
    name: "email_unsubscribed",
    did: "unsubscribed from email",
    didNot: "have not unsubscribed from email",
    noun: "unsubscribe",
    properties: messageProps,
  },
  { name: "sms_sent", did: "were sent an SMS", didNot: "have not been sent an SMS", noun: "SMS sent", properties: messageProps },
  { name: "sms_clicked", did: "clicked an SMS", didNot: "have not clicked an SMS", noun: "SMS click", properties: messageProps },
];

export const IDENTIFIERS = {
  email: "an email address",
  phone: "a valid phone number",
  external_id: "a customer ID",
  email_or_phone: "an email address or a valid phone number",
} as const;

const fieldsByKey = new Map(FIELDS.map((f) => [f.key, f]));
const eventsByName = new Map(EVENTS.map((e) => [e.name, e]));

export const fieldEntry = (key: string) => fieldsByKey.get(key);
export const eventEntry = (name: string) => eventsByName.get(name);

/** Readable name for an event outside the catalogue: "wishlist_added" -> "wishlist added". */
export const humanize = (name: string) => name.replace(/[_.:-]+/g, " ").trim();

export function eventVerb(name: string, negated = false): string {
  const e = eventEntry(name);
  if (e) return negated ? e.didNot : e.did;
  return negated ? `have not performed "${humanize(name)}"` : `performed "${humanize(name)}"`;
}

export const eventNoun = (name: string) => eventEntry(name)?.noun ?? `"${humanize(name)}"`;

export const fieldLabel = (key: string) => fieldEntry(key)?.label ?? humanize(key);

/** Which value types an operator accepts; the builder offers only these per field type. */
export const OPS_BY_TYPE: Record<FieldType, string[]> = {
  string: ["equals", "not_equals", "in", "not_in", "contains", "not_contains", "starts_with", "exists", "not_exists"],
  number: ["equals", "not_equals", "gt", "gte", "lt", "lte", "in", "not_in", "exists", "not_exists"],
  boolean: ["is_true", "is_false", "exists", "not_exists"],
  date: ["more_than_ago", "less_than_ago", "before", "after", "exists", "not_exists"],
};
