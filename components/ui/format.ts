import { formatDistanceToNowStrict } from "date-fns";

// Display formatting shared by server and client components. Pure; no data access.
const integer = new Intl.NumberFormat("en-US");

export const formatNumber = (n: number) => integer.format(n);

/** "1 row", "2 rows", "1,204 phone numbers": a count with its noun in the right number. */
export function formatCount(n: number, singular: string, plural = `${singular}s`) {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** "84%" or "84.3%"; a dash when there is nothing to divide by. */
export function formatPercent(part: number, whole: number) {
  if (whole === 0) return "—";
  const pct = (part / whole) * 100;
  return `${pct >= 10 || pct === 0 ? Math.round(pct) : pct.toFixed(1)}%`;
}

export function formatRelative(date: Date | string | null | undefined, empty = "Never") {
  if (!date) return empty;
  const d = new Date(date);
  if (Math.abs(Date.now() - d.getTime()) < 60_000) return "just now";
  return `${formatDistanceToNowStrict(d)} ago`;
}

// Rendered on the server, whose time zone is arbitrary: say UTC explicitly.
const timestamp = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatTimestamp(date: Date | string) {
  return `${timestamp.format(new Date(date))} UTC`;
}
