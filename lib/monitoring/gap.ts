// The Monitoring "gap" (issue 12 item 1): the largest difference between what a sync should have
// and what it has that the workspace's own rules do not explain. Two places people go missing:
//   segment → delivered   the plan's figures explain suppression, holdout, the cap, missing
//                         identifiers and refused identifiers (the snapshot's `desired` is what is
//                         left); whatever separates `desired` from delivered is unexplained.
//                         An add-only sync keeps people who left, so only a shortfall counts there.
//   delivered → platform  the platform matches a share of what it is sent: its own match rate when
//                         it gives one (Google), else the sync's typical rate over the range (the
//                         median of the earlier snapshots). A platform size off that rate is unexplained.
// Pure: the loader (load-monitoring.ts) reads the figures from metric_snapshots.

export type GapInput = {
  mode: "mirror" | "add_only";
  segment: number | null;
  delivered: number | null;
  reported: number | null;
  /** The snapshot's figures: what the plan explained (lib/sync/snapshot.ts). */
  figures: {
    desired?: number | null;
    suppressed?: number | null;
    held_out?: number | null;
    capped?: number | null;
    missing_identifier?: number | null;
    rejected?: number | null;
  } | null;
  /** The platform's own match rate in the latest snapshot (null when it does not give one). */
  platformMatchRate: number | null;
  /** The sync's median match rate over the earlier snapshots in the range. */
  typicalMatchRate: number | null;
};

export type Gap = {
  kind: "segment" | "platform";
  /** What the figures say there should be, and what there is. */
  expected: number;
  actual: number;
  /** actual − expected: negative means people are missing. */
  difference: number;
  /** |difference| ÷ expected. */
  share: number;
  /** One line for the table cell and the API. */
  sentence: string;
};

export type Gaps = { segment: Gap | null; platform: Gap | null; largest: Gap | null };

/** A gap this large is "drifting" (needs attention): 5% and at least 10 people. */
export const DRIFT = { share: 0.05, people: 10 };

const n = (v: number) => Math.round(v).toLocaleString("en-US");
const pct = (v: number) => `${Math.round(v * 100)}%`;

export function computeGaps(input: GapInput): Gaps {
  const segment = segmentGap(input);
  const platform = platformGap(input);
  const largest = [segment, platform]
    .filter((g): g is Gap => g !== null && g.difference !== 0)
    .sort((a, b) => b.share - a.share || Math.abs(b.difference) - Math.abs(a.difference))[0];
  return { segment, platform, largest: largest ?? null };
}

export function isDrifting(gap: Gap | null): boolean {
  return gap !== null && gap.share >= DRIFT.share && Math.abs(gap.difference) >= DRIFT.people;
}

function segmentGap({ mode, delivered, figures }: GapInput): Gap | null {
  const desired = figures?.desired;
  if (desired == null || delivered == null) return null;
  let difference = delivered - desired;
  // Add-only audiences keep everyone ever added: more than desired is the mode, not a gap.
  if (mode === "add_only" && difference > 0) difference = 0;
  const share = Math.abs(difference) / Math.max(1, desired);
  const sentence =
    difference === 0
      ? "Delivered matches what the segment allows after suppression, holdout, cap and identifiers."
      : difference < 0
        ? `${n(-difference)} fewer delivered than the segment allows after suppression, holdout, cap and identifiers (${pct(share)}).`
        : `${n(difference)} more delivered than the segment allows (${pct(share)}): people the sync should have removed are still there.`;
  return { kind: "segment", expected: desired, actual: delivered, difference, share, sentence };
}

function platformGap({ delivered, reported, platformMatchRate, typicalMatchRate }: GapInput): Gap | null {
  if (reported == null || delivered == null || delivered <= 0) return null;
  const rate = platformMatchRate ?? typicalMatchRate;
  if (rate == null || rate <= 0) return null;
  const expected = Math.round(delivered * Math.min(1, rate));
  const difference = reported - expected;
  const share = Math.abs(difference) / Math.max(1, expected);
  const whose = platformMatchRate != null ? `its own ${pct(rate)} match rate` : `the usual ${pct(rate)} match rate`;
  const sentence =
    difference === 0
      ? `The platform shows what ${whose} predicts.`
      : `The platform shows ${n(Math.abs(difference))} ${difference < 0 ? "fewer" : "more"} than ${whose} predicts (${pct(share)}).`;
  return { kind: "platform", expected, actual: reported, difference, share, sentence };
}
