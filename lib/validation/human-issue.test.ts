import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createUserInput } from "@/lib/auth/users";
import { segmentFields } from "@/lib/segments/segment-input";
import { parseDefinition } from "@/lib/segments/validate";
import { humanizeIssue, labelFromKey, safeParseHuman } from "@/lib/validation/human-issue";

const messages = (schema: z.ZodType, input: unknown) => {
  const r = safeParseHuman(schema, input);
  if (r.success) throw new Error("expected a failure");
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

const stock = /Too small|Too big|Invalid input|Invalid option|Invalid string|expected/;

describe("human validation messages", () => {
  it("names the field from its label and says what is expected, for each size limit", () => {
    const schema = z.object({
      name: z.string().max(120).meta({ label: "Name" }),
      code: z.string().min(4).meta({ label: "Code" }),
      every: z.number().int().min(1).max(1440).meta({ label: "Refresh interval" }),
      low: z.number().min(1).meta({ label: "Low" }),
      over: z.number().gt(0).meta({ label: "Over" }),
      tags: z.array(z.string()).min(1).max(2).meta({ label: "Tags" }),
    });
    expect(messages(schema, { name: "x".repeat(121), code: "ab", every: 1_000_000, low: 0, over: 0, tags: [] })).toEqual({
      name: "Name must be 120 characters or fewer",
      code: "Code must be at least 4 characters",
      every: "Refresh interval must be 1,440 or less",
      low: "Low must be at least 1",
      over: "Over must be more than 0",
      tags: "Tags needs at least one item",
    });
    expect(messages(schema.pick({ tags: true }), { tags: ["a", "b", "c"] })).toEqual({ tags: "Tags can have at most 2 items" });
  });

  it("says a missing field is required and a wrong type what it should be", () => {
    const schema = z.object({ email: z.string(), count: z.number(), whole: z.number().int(), on: z.boolean(), list: z.array(z.string()) });
    expect(messages(schema, { count: "3", whole: 1.5, on: "yes", list: "a" })).toEqual({
      email: "Email is required",
      count: "Count must be a number",
      whole: "Whole must be a whole number",
      on: "On must be yes or no (true or false)",
      list: "List must be a list",
    });
    expect(messages(z.object({ days: z.number() }), { days: Number.NaN })).toEqual({ days: "Days needs a number" });
  });

  it("explains formats, choices, unions and unknown fields", () => {
    const schema = z.object({
      email: z.email(),
      url: z.url(),
      at: z.iso.datetime(),
      slug: z.string().regex(/^[a-z]+$/),
      key: z.string().startsWith("sk_"),
      role: z.enum(["viewer", "editor", "admin"]),
      one: z.literal("v1"),
      value: z.union([z.string(), z.number()]),
      kind: z.discriminatedUnion("type", [z.object({ type: z.literal("a") }), z.object({ type: z.literal("b") })]),
      step: z.number().multipleOf(5),
    });
    expect(
      messages(schema, {
        email: "x",
        url: "nope",
        at: "yesterday",
        slug: "A!",
        key: "pk",
        role: "owner",
        one: "v2",
        value: true,
        kind: { type: "c" },
        step: 7,
      }),
    ).toEqual({
      email: "Email must be an email address, like name@example.com",
      url: "URL must be a web address, like https://example.com",
      at: "At must be a date and time, like 2026-01-31T00:00:00Z",
      slug: "Slug has characters that are not allowed",
      key: "Key must start with “sk_”",
      role: "Role must be one of “viewer”, “editor” or “admin”",
      one: "One must be “v1”",
      value: "Value is not a value we can use",
      "kind.type": "Type must be one of “a” or “b”",
      step: "Step must be a multiple of 5",
    });
    expect(messages(z.object({ a: z.string() }).strict(), { a: "x", b: 1, c: 2 })).toEqual({ "": "Unknown fields: b, c; remove them" });
  });

  it("keeps a message the schema wrote itself, and words a refinement without one", () => {
    const schema = z.object({ name: z.string().min(1, "Give the segment a name"), pair: z.string().refine((v) => v.includes(":")) });
    expect(messages(schema, { name: "", pair: "x" })).toEqual({ name: "Give the segment a name", pair: "Pair is not valid" });
  });

  it("humanizes a ZodError raised by a plain parse elsewhere, leaving written messages alone", () => {
    const r = createUserInput.safeParse({ email: "not-an-email", name: "x".repeat(500), role: "owner" });
    expect(r.success).toBe(false);
    const out = r.error!.issues.map(humanizeIssue).map((i) => i.message);
    for (const m of out) expect(m).not.toMatch(stock);
    expect(out.some((m) => m.startsWith("Password"))).toBe(true);
  });

  it("turns keys into labels a marketer reads", () => {
    expect(labelFromKey("refreshIntervalMinutes")).toBe("Refresh interval minutes");
    expect(labelFromKey("segmentId")).toBe("Segment");
    expect(labelFromKey("syncIds")).toBe("Syncs");
    expect(labelFromKey("apiBaseUrl")).toBe("API base URL");
    expect(labelFromKey("webhook_signing_key")).toBe("Webhook signing key");
  });
});

describe("the schemas our forms and the API use", () => {
  it("segment fields: the messages of issue 9", () => {
    expect(messages(segmentFields, { name: "x".repeat(121), refreshIntervalMinutes: 0, description: 5, definition: {} })).toEqual({
      name: "Segment name must be 120 characters or fewer",
      refreshIntervalMinutes: "Refresh interval (minutes) must be at least 1",
      description: "Note for your team must be text",
    });
    expect(messages(segmentFields, { name: "A", refreshIntervalMinutes: 1_000_000, definition: {} })).toEqual({
      refreshIntervalMinutes: "Refresh interval (minutes) must be 1,440 or less",
    });
  });

  it("segment definitions: timebox, windows, counts and missing fields", () => {
    const r = parseDefinition({
      match: "all",
      cap: { days: 0 },
      conditions: [
        {
          type: "event",
          event: "order_completed",
          window: { type: "last", amount: 0, unit: "days" },
          frequency: { op: "at_least", times: -1 },
        },
        { type: "recency", event: "order_completed", op: "more_than", ago: { amount: Number.NaN, unit: "days" } },
        { type: "event" },
      ],
    });
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries((r.ok ? [] : r.issues).map((i) => [i.path, i.message]));
    expect(byPath).toMatchObject({
      "definition.cap.days": "Timebox (days) must be at least 1",
      "definition.conditions.0.window.amount": "Time window must be at least 1",
      "definition.conditions.0.frequency.times": "Number of times must be at least 0",
      "definition.conditions.1.ago.amount": "Time needs a number",
      "definition.conditions.2.event": "Event is required",
    });
    for (const m of Object.values(byPath)) expect(m).not.toMatch(stock);
  });
});
