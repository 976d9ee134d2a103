import { distance } from "fastest-levenshtein";
import { pool } from "@/lib/db";
import { AppError, type FieldIssue } from "@/lib/errors";
import { CHANNELS, ENGAGEMENT_METRICS, type StreamSelector } from "@/lib/streams/stream-schemas";

// A stream that names an event nobody ever sent forwards nothing, silently: the classic typo
// (`chekout_started`). So a name or pattern must match an event this workspace has received, or
// an engagement metric (`email_opened`…, which may simply not have happened yet). Refused names
// say which, with the closest known names.

const KNOWN_LIMIT = 5_000;

/** Every `<channel>_<metric>` name an engagement metric stands for. */
export const ENGAGEMENT_EVENT_NAMES: readonly string[] = CHANNELS.flatMap((c) => ENGAGEMENT_METRICS.map((m) => `${c}_${m}`));

/**
 * Distinct event names received, alphabetical. A loose index scan on events(name, occurred_at):
 * one index probe per distinct name, never a read of every event.
 */
export async function knownEventNames(limit = KNOWN_LIMIT): Promise<string[]> {
  const { rows } = await pool().query<{ name: string }>(
    `WITH RECURSIVE n AS (
       (SELECT name FROM events ORDER BY name LIMIT 1)
       UNION ALL
       SELECT (SELECT e.name FROM events e WHERE e.name > n.name ORDER BY e.name LIMIT 1) FROM n WHERE n.name IS NOT NULL
     ) SELECT name FROM n WHERE name IS NOT NULL LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.name);
}

/** `checkout_*` → a whole-name matcher; only * is special. */
export function patternMatcher(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** Up to `n` known names closest to `name` by edit distance (within about a third of its length). */
export function closeMatches(name: string, known: readonly string[], n = 3): string[] {
  const limit = Math.max(2, Math.ceil(name.length / 3));
  return known
    .map((k) => ({ k, d: distance(name.toLowerCase(), k.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, n)
    .map((x) => x.k);
}

function knownList(known: readonly string[]): string {
  if (!known.length) return "No events have been received yet.";
  const shown = known.slice(0, 12).map((k) => `\`${k}\``);
  return `Known events: ${shown.join(", ")}${known.length > shown.length ? `, and ${known.length - shown.length} more` : ""}.`;
}

function unknownMessage(what: string, candidate: string, known: readonly string[]): string {
  const close = closeMatches(candidate.replaceAll("*", ""), known);
  const suggestion = close.length ? ` Did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?` : "";
  return `${what}${suggestion} ${knownList(known)}`;
}

/** The problems with a selector's names and patterns, each naming its field (selector.names.0 …). */
export function selectorIssues(selector: Pick<StreamSelector, "names" | "patterns">, received: readonly string[]): FieldIssue[] {
  const receivedSet = new Set(received);
  const engagement = new Set(ENGAGEMENT_EVENT_NAMES);
  const matchable = [...received, ...ENGAGEMENT_EVENT_NAMES.filter((n) => !receivedSet.has(n))];
  const issues: FieldIssue[] = [];
  selector.names.forEach((name, i) => {
    if (receivedSet.has(name) || engagement.has(name)) return;
    issues.push({
      path: `selector.names.${i}`,
      message: unknownMessage(`No event named \`${name}\` has been received yet.`, name, received),
    });
  });
  selector.patterns.forEach((pattern, i) => {
    const re = patternMatcher(pattern);
    if (matchable.some((n) => re.test(n))) return;
    issues.push({
      path: `selector.patterns.${i}`,
      message: unknownMessage(`The pattern \`${pattern}\` matches no event received so far, nor any engagement metric.`, pattern, received),
    });
  });
  return issues;
}

/** Refuses a selector naming events that never arrived (422, one issue per name or pattern). */
export async function checkStreamSelector(selector: Pick<StreamSelector, "names" | "patterns">): Promise<void> {
  if (!selector.names.length && !selector.patterns.length) return;
  let received = await knownEventNames();
  // Past the list's cap a rare name may be missing from it: ask the index for exactly those names.
  if (received.length >= KNOWN_LIMIT) {
    const missing = selector.names.filter((n) => !received.includes(n));
    if (missing.length) {
      const { rows } = await pool().query<{ name: string }>(
        `SELECT n AS name FROM unnest($1::text[]) n WHERE EXISTS (SELECT 1 FROM events e WHERE e.name = n)`,
        [missing],
      );
      received = [...received, ...rows.map((r) => r.name)];
    }
  }
  const issues = selectorIssues(selector, received);
  if (!issues.length) return;
  throw new AppError("validation_failed", issues.length === 1 ? issues[0]!.message : issues.map((i) => i.message).join(" "), { issues });
}
