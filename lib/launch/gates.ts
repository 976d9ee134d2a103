import { z } from "zod";

// The launch checklist's gates, decided from facts loaded once (launch-facts.ts). Pure: the
// words a marketer reads and the verdict come from the same place, so the page, the API and the
// go-live check can never disagree. Each gate says what was checked, and what it could not check.

export const GATE_KEYS = ["connection", "identity", "segment", "suppression", "validation", "alerts", "measurement"] as const;
export const gateKey = z.enum(GATE_KEYS);
export type GateKey = z.infer<typeof gateKey>;

/** Gates a person may waive with a reason. The others are either computed or need a review. */
export const WAIVABLE: readonly GateKey[] = ["connection", "suppression", "measurement"];

export const GATE_LABELS: Record<GateKey, string> = {
  connection: "Destination connection tested",
  identity: "Identity audit reviewed",
  segment: "Segment definition documented",
  suppression: "Purchase suppression defined",
  validation: "Test-cohort validation passed",
  alerts: "Alert owner and channel set",
  measurement: "Measurement plan",
};

export type GateStatus = "passed" | "waived" | "failed" | "not_applicable";
export type Signoff = { kind: "review" | "waiver"; reason: string | null; by: string; at: Date; evidence: Record<string, unknown> };

export type Gate = {
  key: GateKey;
  label: string;
  status: GateStatus;
  /** One sentence: what is true now. */
  summary: string;
  /** Supporting lines: the evidence, what was not checked, what to do next. */
  details: string[];
  waivable: boolean;
  signoff: Signoff | null;
};

export type LaunchFacts = {
  destination: { kind: string; label: string; lastTestOk: boolean | null; lastTestedAt: Date | null };
  identity: { identifiers: string[]; members: number; reachable: number };
  segment: { name: string; valid: boolean; entry: string | null; exit: string | null; rules: string[] };
  promotional: boolean;
  purchaseRules: { name: string; segmentName: string }[];
  otherRules: { name: string }[];
  validation: { state: string; finishedAt: Date | null; method: string | null } | null;
  validationMaxAgeDays: number;
  alerts: { rules: { name: string; channels: string[] }[]; owner: { label: string; disabled: boolean } | null };
  measurement: { holdoutPercent: number; metric: string | null };
  signoffs: Partial<Record<GateKey, Signoff>>;
  now: Date;
};

const DAY = 86_400_000;
const pct = (n: number, d: number) => (d ? `${Math.round((n / d) * 100)}%` : "0%");
const ID_WORDS: Record<string, string> = { email: "email", phone: "phone", external_id: "external ID" };
const METHOD_WORDS: Record<string, string> = { read_back: "read back", upload_receipt: "upload receipt", size_delta: "size change" };
const words = (ids: string[]) => ids.map((i) => ID_WORDS[i] ?? i).join(" or ");
const ago = (at: Date, now: Date) => {
  const days = Math.floor((now.getTime() - at.getTime()) / DAY);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
};

type Verdict = Omit<Gate, "key" | "label" | "waivable" | "signoff">;

/** A waiver, when one is recorded, turns a failing waivable gate into "waived" (and says who and why). */
function withWaiver(key: GateKey, v: Verdict, f: LaunchFacts): Verdict {
  const s = f.signoffs[key];
  if (v.status !== "failed" || !WAIVABLE.includes(key) || s?.kind !== "waiver") return v;
  return { status: "waived", summary: `Waived by ${s.by} ${ago(s.at, f.now)}: “${s.reason}”`, details: [v.summary, ...v.details] };
}

const decide: Record<GateKey, (f: LaunchFacts) => Verdict> = {
  connection: ({ destination: d, now }) => {
    const caveat =
      d.kind === "meta"
        ? ["Meta's test cannot tell whether the token belongs to a system user: check it is one in Business Settings → System users."]
        : [];
    if (d.lastTestOk && d.lastTestedAt)
      return { status: "passed", summary: `${d.label} connection test passed ${ago(d.lastTestedAt, now)}.`, details: caveat };
    if (d.lastTestedAt)
      return {
        status: "failed",
        summary: `${d.label} connection test failed ${ago(d.lastTestedAt, now)}.`,
        details: ["Fix the credentials on the destination's page and test again.", ...caveat],
      };
    return {
      status: "failed",
      summary: `${d.label} connection was never tested.`,
      details: ["Run Test connection on the destination's page."],
    };
  },
  identity: ({ identity: i, signoffs }) => {
    const figures = `${i.reachable.toLocaleString("en-US")} of ${i.members.toLocaleString("en-US")} members (${pct(i.reachable, i.members)}) have ${words(i.identifiers)}: the match rate cannot exceed that.`;
    const review = signoffs.identity;
    const reviewedIds = review && Array.isArray(review.evidence.identifiers) ? (review.evidence.identifiers as string[]) : null;
    if (review?.kind === "review" && reviewedIds && reviewedIds.join() === i.identifiers.join())
      return {
        status: "passed",
        summary: `Reviewed by ${review.by}${typeof review.evidence.reachablePercent === "string" ? ` at ${review.evidence.reachablePercent} matchable` : ""}.`,
        details: [figures],
      };
    if (review?.kind === "review")
      return {
        status: "failed",
        summary: `Reviewed for ${words(reviewedIds ?? [])}, but the sync now sends ${words(i.identifiers)}: review again.`,
        details: [figures],
      };
    return { status: "failed", summary: "Nobody has reviewed the identity audit for this sync yet.", details: [figures] };
  },
  segment: ({ segment: s }) =>
    s.valid && s.entry && s.exit
      ? {
          status: "passed",
          summary: `“${s.name}” is described in plain words.`,
          details: [`Entry: ${s.entry}`, `Exit: ${s.exit}`, ...s.rules],
        }
      : { status: "failed", summary: `“${s.name}” has a definition Downstream cannot read: open it and save it again.`, details: [] },
  suppression: ({ promotional, purchaseRules, otherRules }) => {
    if (!promotional)
      return { status: "not_applicable", summary: "Not promotional (transactional): purchase suppression does not apply.", details: [] };
    if (purchaseRules.length)
      return {
        status: "passed",
        summary: `Buyers leave this audience: ${purchaseRules.map((r) => `“${r.name}” (members of ${r.segmentName})`).join(", ")}.`,
        details: [],
      };
    return {
      status: "failed",
      summary: otherRules.length
        ? `Suppression rules apply (${otherRules.map((r) => `“${r.name}”`).join(", ")}), but none removes people who purchased (an order_completed segment).`
        : "No suppression rule covers this promotional sync: people who just bought would keep seeing ads.",
      details: ["Add a rule on the Suppression page, or waive this gate with a reason."],
    };
  },
  validation: ({ validation: v, validationMaxAgeDays: n, now }) => {
    const within = `The workspace asks for a passed validation within the last ${n} days.`;
    if (!v) return { status: "failed", summary: "Never validated with test profiles.", details: [within] };
    if (v.state === "running") return { status: "failed", summary: "A validation is running now.", details: [within] };
    if (v.state !== "passed" || !v.finishedAt)
      return {
        status: "failed",
        summary: `The last validation ${v.state === "cancelled" ? "was cancelled" : "failed"}${v.finishedAt ? ` ${ago(v.finishedAt, now)}` : ""}.`,
        details: [within],
      };
    const method = v.method ? ` (verified by ${METHOD_WORDS[v.method] ?? v.method})` : "";
    if (now.getTime() - v.finishedAt.getTime() > n * DAY)
      return {
        status: "failed",
        summary: `Validated ${ago(v.finishedAt, now)}${method}: too long ago.`,
        details: [within, "Validate it again."],
      };
    return { status: "passed", summary: `Validated ${ago(v.finishedAt, now)}${method}.`, details: [] };
  },
  alerts: ({ alerts: a }) => {
    const routed = a.rules.filter((r) => r.channels.length);
    const problems = [
      ...(routed.length ? [] : ["No alert rule covering this sync notifies a channel: add a channel to a rule on the Alerts page."]),
      ...(a.owner && !a.owner.disabled
        ? []
        : [a.owner ? `The alert owner ${a.owner.label} is disabled: choose another.` : "No alert owner chosen."]),
    ];
    const routing = routed.map((r) => `“${r.name}” → ${r.channels.join(", ")}`).join("; ");
    if (!problems.length) return { status: "passed", summary: `${a.owner!.label} owns alerts; ${routing}.`, details: [] };
    return { status: "failed", summary: problems[0]!, details: [...problems.slice(1), ...(routing ? [`Routed: ${routing}.`] : [])] };
  },
  measurement: ({ measurement: m }) =>
    m.holdoutPercent > 0 && m.metric
      ? { status: "passed", summary: `${m.holdoutPercent}% held out, measured on ${m.metric}.`, details: [] }
      : {
          status: "failed",
          summary:
            m.holdoutPercent > 0 ? "No metric chosen for the holdout." : "No holdout: nobody is kept out to measure the lift against.",
          details: ["Set a holdout share in the sync's configuration and a metric, or waive this gate with a reason."],
        },
};

export function decideGates(f: LaunchFacts): Gate[] {
  return GATE_KEYS.map((key) => ({
    key,
    label: GATE_LABELS[key],
    waivable: WAIVABLE.includes(key),
    signoff: f.signoffs[key] ?? null,
    ...withWaiver(key, decide[key](f), f),
  }));
}

export const gatePasses = (g: Gate) => g.status !== "failed";
