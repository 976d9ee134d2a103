import { z } from "zod";

// Response schemas of the measurement API (issue 15): lift reports, overlap, "Used by".

const interval = z.object({ low: z.number(), high: z.number() }).meta({ id: "Interval", description: "A 95% interval." });
const estimate = z.object({ value: z.number(), interval }).nullable();

const rateFigures = z
  .object({
    treated: z.object({ rate: z.number().nullable(), interval: interval.nullable() }),
    control: z.object({ rate: z.number().nullable(), interval: interval.nullable() }),
    absolute: estimate.describe("treated − control, in rate units (0.02 = two percentage points)."),
    relative: z
      .object({ value: z.number(), interval: interval.nullable() })
      .nullable()
      .describe("(treated − control) ÷ control; null when the control rate is 0."),
  })
  .meta({ id: "LiftRates" });

const group = z
  .object({
    people: z.number().int().describe("People whose measurement window has ended."),
    pending: z.number().int().describe("People still inside their window: counted once it ends."),
    converted: z.number().int(),
    repeated: z.number().int().describe("People with two or more conversions in the window."),
    revenue: z.number().describe("Revenue in the window, summed over the group's people."),
    revenueSquares: z.number(),
  })
  .meta({ id: "LiftGroup" });

export const liftReport = z
  .object({
    options: z.object({ event: z.string(), property: z.string(), windowDays: z.number().int() }),
    treated: group,
    control: group,
    excluded: z.number().int().describe("People assigned to both groups (the holdout share changed), left out of both."),
    statistics: z.object({
      conversion: rateFigures,
      repeat: rateFigures,
      revenue: z.object({
        treated: z.number().nullable().describe("Revenue per person."),
        control: z.number().nullable(),
        absolute: estimate,
        relative: z.number().nullable(),
      }),
      incremental: z.object({
        conversions: estimate.describe("Conversions the sync added among treated people."),
        revenue: estimate,
      }),
      power: z.object({
        holdoutNeeded: z.number().int().nullable().describe("People the holdout needs to detect a 10% relative lift (80% power)."),
        detectableLift: z.number(),
      }),
      verdict: z.enum(["lift", "negative", "no_lift_detected", "inconclusive"]),
      sentence: z.string().describe("The verdict in words, as the console shows it."),
    }),
    methods: z.string().describe("The statistical methods, in words."),
  })
  .meta({ id: "LiftReport" });

export const syncLiftReport = liftReport
  .extend({ sync: z.object({ id: z.string(), name: z.string(), holdoutPercent: z.number().int() }) })
  .meta({ id: "SyncLiftReport" });

export const tierGroupLiftReport = liftReport
  .extend({ group: z.object({ id: z.string(), name: z.string(), syncs: z.number().int().describe("Tiers (syncs) in the group.") }) })
  .meta({ id: "TierGroupLiftReport" });

export const overlap = z
  .object({
    items: z.array(
      z.object({
        kind: z.enum(["segment", "sync"]),
        id: z.string(),
        name: z.string(),
        size: z.number().int().describe("People in it (a sync: its live audience)."),
        href: z.string(),
      }),
    ),
    pairs: z.array(
      z.object({
        a: z.number().int().describe("Index into items."),
        b: z.number().int(),
        people: z.number().int().describe("People in both."),
        shareOfA: z.number().nullable().describe("people ÷ size of a."),
        shareOfB: z.number().nullable(),
      }),
    ),
    people: z.number().int().describe("People in at least one of the items."),
  })
  .meta({ id: "Overlap" });

export const overlapSample = z
  .object({
    people: z.array(z.object({ id: z.string(), externalId: z.string().nullable(), email: z.string().nullable(), href: z.string() })),
  })
  .meta({ id: "OverlapSample" });

export const segmentUses = z
  .object({
    usedBy: z.array(
      z.object({
        kind: z.enum(["sync", "suppression rule", "segment", "webhook action"]),
        id: z.string(),
        name: z.string(),
        href: z.string(),
      }),
    ),
  })
  .meta({ id: "SegmentUses" });
