import { z } from "zod";

// The segment definition language: one JSON document, validated here and nowhere else.
// Shared with the browser (the builder validates and describes as you type): pure, no
// data access. Every condition is a member of one discriminated union on `type`, so a
// bad document fails with a path that names the exact field (conditions.1.window.amount).
//
// Exact semantics (the compiler, the describer and the reference evaluator in the tests
// all follow these) are documented in lib/segments/README.md.

export const MAX_CONDITIONS = 40;
export const MAX_DEPTH = 4;

const name = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(100)
    .regex(/^[\w .:/-]+$/, `${what} may use letters, digits, spaces and _ . : / -`);

export const eventName = name("Event name");
export const propertyKey = name("Property name");
export const fieldKey = z
  .string()
  .trim()
  .min(1, "Field is required")
  .max(64)
  .regex(/^[A-Za-z_][\w.-]*$/, "Field names start with a letter or _ and use letters, digits, _ . -");

export const timeUnit = z.enum(["minutes", "hours", "days"]);
export const duration = z.object({ amount: z.number().int().min(1).max(100_000).meta({ label: "Time" }), unit: timeUnit });

const isoDate = z.iso.datetime({ offset: true, message: "Use an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z" });

export const window = z.discriminatedUnion("type", [
  z.object({ type: z.literal("last"), amount: z.number().int().min(1).max(100_000).meta({ label: "Time window" }), unit: timeUnit }),
  z.object({ type: z.literal("between"), from: isoDate, to: isoDate }).refine((w) => Date.parse(w.from) < Date.parse(w.to), {
    message: "`from` must be before `to`",
    path: ["to"],
  }),
]);

const scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
const scalarList = z
  .array(z.union([z.string().max(500), z.number().finite()]))
  .min(1, "Give at least one value")
  .max(500);

// Operators shared by profile attributes and event properties (both JSON values), as
// [op enum, value schema] pairs; each becomes one option of a discriminated union on `op`.
const valueOps = [
  [z.enum(["equals", "not_equals"]), scalar],
  [z.enum(["in", "not_in"]), scalarList],
  [z.enum(["contains", "not_contains", "starts_with"]), z.string().min(1, "Give a value").max(500)],
  [z.enum(["gt", "gte", "lt", "lte"]), z.number().finite()],
  [z.enum(["exists", "not_exists", "is_true", "is_false"]), z.undefined().optional()],
] as const;

// Dates only make sense on profile fields (timestamps), not on event properties.
const dateOps = [
  [z.enum(["before", "after"]), isoDate],
  [z.enum(["more_than_ago", "less_than_ago"]), duration],
] as const;

const withOps = <S extends z.ZodRawShape, const O extends readonly (readonly [z.ZodEnum, z.ZodType])[]>(shape: S, ops: O) =>
  ops.map(([op, value]) => z.object({ ...shape, op, value })) as unknown as {
    [K in keyof O]: z.ZodObject<S & { op: O[K][0]; value: O[K][1] }>;
  };

export const propertyFilter = z.discriminatedUnion("op", withOps({ property: propertyKey }, valueOps));
const filters = z.array(propertyFilter).max(10).optional();

export const attributeCondition = z.discriminatedUnion(
  "op",
  withOps({ type: z.literal("attribute"), field: fieldKey }, [...valueOps, ...dateOps] as const),
);

export const eventCondition = z.object({
  type: z.literal("event"),
  event: eventName,
  /** false: "did not ..." (the whole frequency + window + filter clause negated). */
  performed: z.boolean().default(true),
  frequency: z
    .object({
      op: z.enum(["at_least", "at_most", "exactly"]),
      times: z.number().int().min(0).max(100_000).meta({ label: "Number of times" }),
    })
    .optional(),
  window: window.optional(),
  where: filters,
});

export const sequenceCondition = z.object({
  type: z.literal("sequence"),
  did: z.object({ event: eventName, where: filters }),
  window: window.optional(),
  /** The qualifying `did` event must be at least this old (e.g. 2 hours: give them time to buy). */
  atLeastAgo: duration.optional(),
  /** ... and no such event at or after it. */
  noneSince: z.object({ event: eventName, where: filters }).optional(),
});

export const recencyCondition = z.object({
  type: z.literal("recency"),
  event: eventName,
  where: filters,
  op: z.enum(["more_than", "less_than"]),
  ago: duration,
  /** Count people who never did it as matching too. */
  orNever: z.boolean().default(false),
});

export const identifierCondition = z.object({
  type: z.literal("identifier"),
  identifier: z.enum(["email", "phone", "external_id", "email_or_phone"]),
  present: z.boolean().default(true),
});

export const segmentCondition = z.object({
  type: z.literal("segment"),
  segmentId: z.string().trim().min(1, "Pick a segment").max(64),
  membership: z.enum(["in", "not_in"]).default("in"),
});

export const groupCondition = z.object({
  type: z.literal("group"),
  match: z.enum(["all", "any"]),
  // A getter keeps the recursion lazy while the union stays discriminated (exact error paths).
  get conditions(): z.ZodArray<typeof condition> {
    return z.array(condition).min(1, "A group needs at least one rule").max(MAX_CONDITIONS);
  },
});

export const condition = z.discriminatedUnion("type", [
  attributeCondition,
  eventCondition,
  sequenceCondition,
  recencyCondition,
  identifierCondition,
  segmentCondition,
  groupCondition,
]);

export type Condition = z.infer<typeof condition>;
export type GroupCondition = z.infer<typeof groupCondition>;

export const segmentDefinition = z
  .object({
    version: z.literal(1).default(1),
    match: z.enum(["all", "any"]).default("all"),
    conditions: z.array(condition).max(MAX_CONDITIONS),
    /** People leave after this many days in the segment, even if they still match. */
    cap: z.object({ days: z.number().int().min(1).max(365).meta({ label: "Timebox (days)" }) }).nullish(),
  })
  .superRefine((def, ctx) => {
    const { count, depth } = measure(def.conditions);
    if (count > MAX_CONDITIONS)
      ctx.addIssue({ code: "custom", path: ["conditions"], message: `At most ${MAX_CONDITIONS} rules in total (this has ${count})` });
    if (depth > MAX_DEPTH) ctx.addIssue({ code: "custom", path: ["conditions"], message: `Groups nest at most ${MAX_DEPTH} deep` });
  });

export type SegmentDefinition = z.infer<typeof segmentDefinition>;
export type AttributeCondition = z.infer<typeof attributeCondition>;
export type EventCondition = z.infer<typeof eventCondition>;
export type SequenceCondition = z.infer<typeof sequenceCondition>;
export type RecencyCondition = z.infer<typeof recencyCondition>;
export type IdentifierCondition = z.infer<typeof identifierCondition>;
export type SegmentRefCondition = z.infer<typeof segmentCondition>;
export type PropertyFilter = z.infer<typeof propertyFilter>;
export type Window = z.infer<typeof window>;
export type Duration = z.infer<typeof duration>;

function measure(conditions: Condition[], level = 1): { count: number; depth: number } {
  let count = 0;
  let depth = level;
  for (const c of conditions) {
    count++;
    if (c.type === "group") {
      const inner = measure(c.conditions, level + 1);
      count += inner.count;
      depth = Math.max(depth, inner.depth);
    }
  }
  return { count, depth };
}

/** Walks every condition, groups included, depth first. */
export function* allConditions(conditions: Condition[]): Generator<Condition> {
  for (const c of conditions) {
    yield c;
    if (c.type === "group") yield* allConditions(c.conditions);
  }
}

export const durationMs = (d: Duration) => d.amount * { minutes: 60_000, hours: 3_600_000, days: 86_400_000 }[d.unit];
