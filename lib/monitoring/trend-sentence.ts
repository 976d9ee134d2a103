// The plain sentence under a sync's chart (issue 12 item 1): what changed over the range, and
// whether the segment or the sync did it ("Delivered fell 38% since Tuesday; the segment fell
// 41%: the segment changed, not the sync"). Pure; the chart and the API show the same words.
//
// The change is measured from the last point still at the range's starting level (within FLAT)
// to the latest one, so a drop that happened on Tuesday reads "since Tuesday", not "since the
// start of the range". Segment-driven: delivered moved with the segment (same direction, within
// FOLLOW of each other). Sync-driven: delivered moved and the segment did not, moved the other
// way, or moved and delivered did not follow. A platform's matched size that parts from
// delivered gets a second sentence.

export type TrendPoint = { t: Date; segment: number | null; delivered: number | null; matched: number | null };

/** Within 2% counts as unchanged. */
export const FLAT = 0.02;
/** Delivered "follows" the segment when their changes differ by at most 5 points (or a quarter of the segment's). */
export const FOLLOW = 0.05;

export type TrendVerdict = "too_few_points" | "flat" | "segment_driven" | "sync_driven" | "expected_add_only";

export type TrendSentence = { verdict: TrendVerdict; sentence: string };

const change = (from: number | null, to: number | null) =>
  from == null || to == null ? null : from === 0 ? (to === 0 ? 0 : null) : (to - from) / from;
const pct = (v: number) => `${Math.round(Math.abs(v) * 100)}%`;
const moved = (v: number) => (v < 0 ? "fell" : "rose");
const n = (v: number | null) => (v == null ? "—" : v.toLocaleString("en-US"));

/** "since 09:00", "since Tuesday", "since Nov 3" — relative to `now`, in `timeZone`. */
export function sinceLabel(t: Date, now: Date, timeZone = "UTC"): string {
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const days = (new Date(`${day(now)}T00:00:00Z`).getTime() - new Date(`${day(t)}T00:00:00Z`).getTime()) / 86_400_000;
  if (days <= 0)
    return `since ${new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hour12: false }).format(t)}`;
  if (days === 1) return "since yesterday";
  if (days < 7) return `since ${new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long" }).format(t)}`;
  return `since ${new Intl.DateTimeFormat("en-US", { timeZone, month: "short", day: "numeric" }).format(t)}`;
}

export function trendSentence(
  points: TrendPoint[],
  opts: { now: Date; mode?: "mirror" | "add_only"; timeZone?: string; rangeLabel?: string },
): TrendSentence {
  const pts = points.filter((p) => p.delivered != null).sort((a, b) => a.t.getTime() - b.t.getTime());
  if (pts.length < 2) {
    return {
      verdict: "too_few_points",
      sentence:
        pts.length === 0
          ? `No runs ${opts.rangeLabel ?? "in this range"}, so nothing to compare yet.`
          : `Only one run ${opts.rangeLabel ?? "in this range"} (delivered ${n(pts[0]!.delivered)}), so nothing to compare yet.`,
    };
  }
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  // The last point still at the starting level: where the change began.
  let from = first;
  for (const p of pts) {
    const d = change(first.delivered, p.delivered);
    const s = change(first.segment, p.segment);
    if ((d === null || Math.abs(d) <= FLAT) && (s === null || Math.abs(s) <= FLAT) && p !== last) from = p;
    else break;
  }
  const since = sinceLabel(from.t, opts.now, opts.timeZone);
  const del = change(from.delivered, last.delivered) ?? 0;
  const seg = change(from.segment, last.segment);
  const matchedNote = matched(from, last, del, since);

  const delFlat = Math.abs(del) <= FLAT;
  const segFlat = seg === null || Math.abs(seg) <= FLAT;
  if (delFlat && segFlat) {
    return {
      verdict: "flat",
      sentence: `No real change ${opts.rangeLabel ?? "in this range"}: delivered holds at ${n(last.delivered)}${last.segment != null ? ` and the segment at ${n(last.segment)}` : ""}.${matchedNote}`,
    };
  }
  if (seg === null) {
    return { verdict: "sync_driven", sentence: `Delivered ${moved(del)} ${pct(del)} ${since}.${matchedNote}` };
  }
  if (delFlat) {
    if (opts.mode === "add_only" && seg < 0) {
      return {
        verdict: "expected_add_only",
        sentence: `The segment fell ${pct(seg)} ${since} and delivered held at ${n(last.delivered)}: an add-only sync keeps people who leave.${matchedNote}`,
      };
    }
    return {
      verdict: "sync_driven",
      sentence: `The segment ${moved(seg)} ${pct(seg)} ${since} but delivered held at ${n(last.delivered)}: the sync is not following the segment. Check its latest runs.${matchedNote}`,
    };
  }
  const follows = Math.sign(del) === Math.sign(seg) && Math.abs(del - seg) <= Math.max(FOLLOW, Math.abs(seg) * 0.25);
  if (follows) {
    return {
      verdict: "segment_driven",
      sentence: `Delivered ${moved(del)} ${pct(del)} ${since}; the segment ${moved(seg)} ${pct(seg)}: the segment changed, not the sync.${matchedNote}`,
    };
  }
  if (opts.mode === "add_only" && seg < 0 && del > seg) {
    return {
      verdict: "expected_add_only",
      sentence: `Delivered ${moved(del)} ${pct(del)} ${since} while the segment fell ${pct(seg)}: an add-only sync keeps people who leave.${matchedNote}`,
    };
  }
  const segWords =
    Math.abs(seg) <= FLAT
      ? "the segment held steady"
      : `the segment ${moved(seg)} ${Math.sign(seg) === Math.sign(del) ? "only " : ""}${pct(seg)}`;
  return {
    verdict: "sync_driven",
    sentence: `Delivered ${moved(del)} ${pct(del)} ${since} while ${segWords}: the sync changed, not the segment. Check its latest runs.${matchedNote}`,
  };
}

/** A second sentence when the platform's matched size parted from delivered. */
function matched(from: TrendPoint, last: TrendPoint, del: number, since: string): string {
  const m = change(from.matched, last.matched);
  if (m === null || Math.abs(m - del) <= FOLLOW) return "";
  return ` The platform's matched size ${moved(m)} ${pct(m)} ${since}${Math.abs(del) <= FLAT ? " while delivered held" : ""}: the platform is matching ${m < del ? "fewer" : "more"} of the people sent.`;
}
