import { structuredPatch } from "diff";
import { describeSchedule } from "@/lib/delivery/retry-schedule";
import type { ActionDefinition } from "@/lib/webhook-actions/action-schemas";
import { spanWords } from "@/lib/webhook-actions/action-view";

// "What changed" between two versions of an action, for the audit log and the versions list: one
// sentence per changed setting, and for each changed template (URL, headers, body) the lines
// taken out ("- ") and put in ("+ ") with a line of context (" "). Templates hold no secret
// values (secrets are referenced by name), so the lines are safe to store and show.

export type ActionChange = { field: string; text: string; lines?: string[] };

/** Cap per template so a rewritten 64 KB body does not make a 64 KB audit entry. */
const MAX_LINES = 80;
const MAX_LINE_CHARS = 300;

function lineDiff(before: string, after: string): string[] {
  const patch = structuredPatch("before", "after", before, after, "", "", { context: 1, maxEditLength: 5_000 });
  if (!patch) return [`(rewritten: ${before.split("\n").length} lines before, ${after.split("\n").length} after)`];
  const lines = patch.hunks.flatMap((h, i) => [...(i > 0 ? ["…"] : []), ...h.lines]);
  const clipped = lines.slice(0, MAX_LINES).map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS)}…` : l));
  // jsdiff writes "-x" / "+x" / " x"; a space after the sign reads better in the console.
  const pretty = clipped.map((l) => (/^[-+]/.test(l) ? `${l[0]} ${l.slice(1)}` : l === "…" || l.startsWith("\\") ? l : ` ${l}`));
  return lines.length > MAX_LINES ? [...pretty, `… and ${lines.length - MAX_LINES} more lines`] : pretty;
}

const seconds = (s: number | null, none: string) => (s === null ? none : s === 0 ? "none" : spanWords(s));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function describeTriggerShort(t: ActionDefinition["trigger"], segmentNames: Map<string, string>): string {
  if (t.kind === "event") return `event ${t.eventName}${t.filters.length ? ` (${t.filters.length} filters)` : ""}`;
  return `${t.kind === "segment_entered" ? "enters" : "leaves"} ${segmentNames.get(t.segmentId) ?? `segment ${t.segmentId}`}`;
}

function signingWords(s: ActionDefinition["signing"]): string {
  if (s.mode === "none") return "not signed";
  if (s.mode === "standard") return "Standard Webhooks signature";
  return `HMAC-SHA256 in the ${s.header} header`;
}

export function actionChanges(
  before: ActionDefinition,
  after: ActionDefinition,
  segmentNames: Map<string, string> = new Map(),
): ActionChange[] {
  const out: ActionChange[] = [];
  const changed = (field: string, was: string, now: string) => out.push({ field, text: `${field} changed from ${was} to ${now}` });
  if (before.name !== after.name) changed("Name", `"${before.name}"`, `"${after.name}"`);
  if ((before.description ?? "") !== (after.description ?? "")) out.push({ field: "Description", text: "Description changed" });
  if (!same(before.trigger, after.trigger))
    changed("Trigger", describeTriggerShort(before.trigger, segmentNames), describeTriggerShort(after.trigger, segmentNames));
  if (before.delaySeconds !== after.delaySeconds)
    changed("Delay", seconds(before.delaySeconds, "none"), seconds(after.delaySeconds, "none"));
  if (before.frequencyLimitSeconds !== after.frequencyLimitSeconds)
    changed("Frequency limit", seconds(before.frequencyLimitSeconds, "no limit"), seconds(after.frequencyLimitSeconds, "no limit"));
  if (before.ratePerSecond !== after.ratePerSecond)
    changed(
      "Rate limit",
      before.ratePerSecond === null ? "no limit" : `${before.ratePerSecond}/s`,
      after.ratePerSecond === null ? "no limit" : `${after.ratePerSecond}/s`,
    );
  if (before.timeoutMs !== after.timeoutMs) changed("Timeout", `${before.timeoutMs / 1000} s`, `${after.timeoutMs / 1000} s`);
  if (!same(before.retrySchedule, after.retrySchedule))
    changed("Retries", describeSchedule(before.retrySchedule), describeSchedule(after.retrySchedule));
  if (before.request.method !== after.request.method) changed("Method", before.request.method, after.request.method);
  if (before.request.url !== after.request.url)
    out.push({ field: "URL", text: "URL changed", lines: lineDiff(before.request.url, after.request.url) });
  const headerText = (r: ActionDefinition["request"]) => r.headers.map((h) => `${h.name}: ${h.value}`).join("\n");
  if (headerText(before.request) !== headerText(after.request))
    out.push({ field: "Headers", text: "Headers changed", lines: lineDiff(headerText(before.request), headerText(after.request)) });
  if (before.request.body !== after.request.body)
    out.push({ field: "Body", text: "Body changed", lines: lineDiff(before.request.body, after.request.body) });
  if (!same(before.signing, after.signing)) changed("Signing", signingWords(before.signing), signingWords(after.signing));
  if (!same(before.responseMapping, after.responseMapping)) {
    const words = (m: ActionDefinition["responseMapping"]) => (m.length ? m.map((x) => `${x.from} → ${x.to}`).join(", ") : "nothing");
    changed("Response mapping", words(before.responseMapping), words(after.responseMapping));
  }
  return out;
}

/** The fields whose change makes a new version of a live action (name and description do not). */
export function changesBehaviour(changes: ActionChange[]): boolean {
  return changes.some((c) => c.field !== "Name" && c.field !== "Description");
}
