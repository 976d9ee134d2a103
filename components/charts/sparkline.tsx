// A tiny line of one figure over the range, drawn as plain SVG so a page of 500 syncs renders on
// the server with no chart library in the browser. The x axis is real time across the range (a run
// sits where it happened, a quiet day shows as a gap in points), the y axis is fitted to the line
// (a drift of a few percent is visible), and a flat line is drawn across the middle.

export type SparkPoint = { t: number; v: number | null };

export function Sparkline({
  points,
  from,
  to,
  label,
  color = "#4f46e5",
  width = 96,
  height = 24,
  empty = "no runs",
}: {
  points: SparkPoint[];
  from: number;
  to: number;
  label: string;
  color?: string;
  width?: number;
  height?: number;
  /** What to say when there is no value to draw. */
  empty?: string;
}) {
  const pts = points.filter((p): p is { t: number; v: number } => p.v !== null);
  if (!pts.length) return <span className="text-xs text-slate-400">{empty}</span>;
  const lo = Math.min(...pts.map((p) => p.v));
  const hi = Math.max(...pts.map((p) => p.v));
  const span = Math.max(1, to - from);
  const x = (t: number) => 1 + ((t - from) / span) * (width - 2);
  const y = (v: number) => (hi === lo ? height / 2 : height - 2 - ((v - lo) / (hi - lo)) * (height - 4));
  const d = pts.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const last = pts[pts.length - 1]!;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="overflow-visible">
      <title>{label}</title>
      <path d={d} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
      <circle cx={x(last.t)} cy={y(last.v)} r={2} fill={color} />
    </svg>
  );
}
