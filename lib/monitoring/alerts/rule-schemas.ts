import { z } from "zod";

// What an alert rule is: its kind (the condition), the kind's parameters, a severity, a scope
// and the channels it notifies. Validated here at every boundary (form, API); the evaluator
// (evaluate-alerts.ts) reads rules only through `storedRule`, so a row that no longer fits
// is skipped rather than evaluated with guesses. Shared with the browser (the rule form): no
// server imports.

export const SEVERITIES = ["warning", "critical"] as const;
export const severity = z.enum(SEVERITIES).meta({ label: "Severity" });
export type Severity = z.infer<typeof severity>;

/** Counters a deviation rule can watch, named as the console shows them. */
export const COUNTERS = {
  segment_size: "Segment size",
  eligible: "Eligible",
  added: "Added",
  removed: "Removed",
  rejected: "Rejected",
  match_rate: "Match rate",
  delivered: "Delivered",
} as const;
export type Counter = keyof typeof COUNTERS;
const counter = z.enum(Object.keys(COUNTERS) as [Counter, ...Counter[]]).meta({ label: "Counter" });

const percent = (label: string, max = 100) =>
  z.number().gt(0, `${label} must be more than 0%`).max(max, `${label} must be ${max}% or less`).meta({ label });

const criticalAbove = (p: { percent: number; criticalPercent?: number | null }) =>
  p.criticalPercent == null || p.criticalPercent > p.percent;
const criticalIssue = { message: "Critical above must be higher than the warning threshold", path: ["criticalPercent"] };

const empty = z.object({}).strict();

/** Each kind's parameters. */
export const PARAMS = {
  run_failed: empty,
  auth_lost: empty,
  removals_refused: empty,
  rejected_rows: z
    .object({
      percent: percent("Rejected share"),
      criticalPercent: percent("Critical above").nullish(),
    })
    .strict()
    .refine(criticalAbove, criticalIssue),
  counter_deviation: z
    .object({
      counter,
      runs: z
        .number()
        .int()
        .min(3, "Compare with at least 3 runs")
        .max(50, "Compare with at most 50 runs")
        .default(5)
        .meta({ label: "Runs" }),
      percent: percent("Deviation", 1000),
      criticalPercent: percent("Critical above", 1000).nullish(),
    })
    .strict()
    .refine(criticalAbove, criticalIssue),
  segment_empty: empty,
  below_minimum: empty,
  not_visible: empty,
  delivery_gap: z.object({ percent: percent("Gap") }).strict(),
  event_volume_drop: z
    .object({
      event: z.string().trim().min(1, "Name the event").max(200).meta({ label: "Event" }),
      hours: z.number().int().min(1, "Compare at least 1 hour").max(24, "Compare at most 24 hours").default(3).meta({ label: "Hours" }),
      percent: percent("Drop"),
      minimumLastWeek: z.number().int().min(1).max(1_000_000).default(20).meta({ label: "Minimum last week" }),
    })
    .strict(),
  ingest_rejections: z
    .object({
      minutes: z.number().int().min(1).max(1440).default(15).meta({ label: "Minutes" }),
      threshold: z.number().int().min(1, "Threshold must be at least 1").max(10_000_000).meta({ label: "Threshold" }),
    })
    .strict(),
  delivery_backlog: z
    .object({
      endpointId: z.string().min(1).max(100).nullish().meta({ label: "Event stream" }),
      lagMinutes: z.number().gt(0, "Lag must be more than 0 minutes").max(10_080).nullish().meta({ label: "Lag" }),
      dead: z.number().int().min(1, "Dead letters must be at least 1").max(10_000_000).nullish().meta({ label: "Dead letters" }),
    })
    .strict()
    .refine((p) => p.lagMinutes != null || p.dead != null, { message: "Set a lag or a dead-letter threshold", path: ["lagMinutes"] }),
} as const;
export type RuleKind = keyof typeof PARAMS;
export const RULE_KINDS = Object.keys(PARAMS) as [RuleKind, ...RuleKind[]];
export type RuleParams<K extends RuleKind> = z.output<(typeof PARAMS)[K]>;

/** Kinds about one sync each (scoped to a sync, a destination's syncs or every sync); the rest watch the workspace. */
export const SYNC_KINDS: readonly RuleKind[] = [
  "run_failed",
  "auth_lost",
  "removals_refused",
  "rejected_rows",
  "counter_deviation",
  "segment_empty",
  "below_minimum",
  "not_visible",
  "delivery_gap",
];
/** The defaults every sync has (seeded by the migration, one rule each): never switched off or deleted. */
export const BUILTIN_KINDS: readonly RuleKind[] = ["run_failed", "auth_lost", "removals_refused", "rejected_rows"];

/** What each kind watches, in a marketer's words (the rule form and list). */
export const KIND_LABELS: Record<RuleKind, string> = {
  run_failed: "A run failed or delivered nothing",
  auth_lost: "Access lost (credentials, permission, terms) and the sync paused",
  removals_refused: "Removals refused below the platform's minimum",
  rejected_rows: "Rejected rows above a share",
  counter_deviation: "A counter moved away from its usual value",
  segment_empty: "The segment has no members",
  below_minimum: "The audience is below the platform's minimum",
  not_visible: "The audience is not visible on the platform when expected",
  delivery_gap: "Delivered falls short of eligible",
  event_volume_drop: "An event's volume dropped against last week",
  ingest_rejections: "Incoming data refused (spike)",
  delivery_backlog: "An event stream is backing up",
};

export const scopeSchema = z
  .object({
    type: z.enum(["sync", "destination", "all"]).meta({ label: "Scope" }),
    id: z.string().min(1).max(100).nullish().meta({ label: "Scope" }),
  })
  .strict()
  .refine((s) => s.type === "all" || !!s.id, { message: "Choose which sync or destination", path: ["id"] });
export type RuleScope = z.output<typeof scopeSchema>;

const base = {
  name: z.string().trim().min(1, "Give the rule a name").max(120).meta({ label: "Name" }),
  severity: severity.default("warning"),
  scope: scopeSchema.default({ type: "all" }),
  channelIds: z.array(z.string().min(1).max(100)).max(20).default([]).meta({ label: "Channels" }),
  enabled: z.boolean().default(true).meta({ label: "Enabled" }),
};

const withScopeCheck = <T extends { kind: RuleKind; scope: RuleScope }>(r: T, ctx: z.RefinementCtx) => {
  if (!SYNC_KINDS.includes(r.kind) && r.scope.type !== "all")
    ctx.addIssue({
      code: "custom",
      message: "This kind of rule watches the whole workspace: its scope is everything",
      path: ["scope", "type"],
    });
};

export const createRuleInput = z
  .discriminatedUnion(
    "kind",
    RULE_KINDS.map((kind) => z.object({ ...base, kind: z.literal(kind), params: PARAMS[kind] })) as unknown as [
      z.ZodObject<{ kind: z.ZodLiteral<RuleKind> }>,
      ...z.ZodObject<{ kind: z.ZodLiteral<RuleKind> }>[],
    ],
    { error: () => `Kind must be one of ${RULE_KINDS.join(", ")}` },
  )
  .superRefine((r, ctx) => withScopeCheck(r as never, ctx))
  .meta({ id: "AlertRuleInput" }) as unknown as z.ZodType<CreateRuleInput, CreateRuleInputIn>;

type AnyRule = { [K in RuleKind]: { kind: K; params: z.output<(typeof PARAMS)[K]> } }[RuleKind];
type AnyRuleIn = { [K in RuleKind]: { kind: K; params: z.input<(typeof PARAMS)[K]> } }[RuleKind];
export type CreateRuleInput = AnyRule & {
  name: string;
  severity: Severity;
  scope: RuleScope;
  channelIds: string[];
  enabled: boolean;
};
export type CreateRuleInputIn = AnyRuleIn & {
  name: string;
  severity?: Severity;
  scope?: z.input<typeof scopeSchema>;
  channelIds?: string[];
  enabled?: boolean;
};

/** A change: only what is sent changes; params are checked against the rule's own kind. */
export const updateRuleInput = z
  .object({
    name: base.name.optional(),
    severity: severity.optional(),
    scope: scopeSchema.optional(),
    channelIds: z.array(z.string().min(1).max(100)).max(20).optional().meta({ label: "Channels" }),
    enabled: z.boolean().optional().meta({ label: "Enabled" }),
    params: z.record(z.string(), z.unknown()).optional().meta({ label: "Params" }),
  })
  .strict()
  .meta({ id: "AlertRulePatch" });
export type UpdateRuleInput = z.input<typeof updateRuleInput>;

/** A rule as stored, parsed before the evaluator uses it (params are JSON). */
export type StoredRule = CreateRuleInput & { id: string; builtin: boolean };

export function parseStoredRule(row: {
  id: string;
  name: string;
  kind: string;
  severity: string;
  scopeType: string;
  scopeId: string | null;
  params: unknown;
  channelIds: string[] | null;
  builtin: boolean;
  enabled: boolean;
}): StoredRule | null {
  if (!(row.kind in PARAMS)) return null;
  const params = PARAMS[row.kind as RuleKind].safeParse(row.params ?? {});
  const sev = severity.safeParse(row.severity);
  if (!params.success || !sev.success) return null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RuleKind,
    params: params.data,
    severity: sev.data,
    scope: { type: row.scopeType as RuleScope["type"], id: row.scopeId },
    channelIds: row.channelIds ?? [],
    enabled: row.builtin || row.enabled,
    builtin: row.builtin,
  } as StoredRule;
}
