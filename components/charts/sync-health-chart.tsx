"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// A sync's health over time, one point per run snapshot: how many people the segment has, how
// many the destination should have (eligible after suppression and caps) and has (delivered),
// and the platform's match rate on its own axis when the platform reports one.
// Time is a real time axis (runs at 08:06, 08:20 and 08:21 are not evenly spaced), and the people
// axis is fitted to the figures rather than starting at 0, so drift of a few people shows.

export type SyncHealthPoint = {
  t: string;
  segment: number | null;
  eligible: number | null;
  audience: number | null;
  matchRate: number | null;
};

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en-US");
const when = (t: number | string) =>
  new Date(t).toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: "UTC",
  });
const SERIES: Record<string, string> = {
  segment: "Segment size",
  eligible: "Eligible",
  audience: "Delivered audience",
  matchRate: "Match rate",
};

/**
 * A people axis fitted to the figures, with a little room, never below 0, ending on round
 * numbers (a step of 1, 2 or 5 × 10^k) so its ticks read as 280, 290, 300; a flat line gets a band.
 */
export function fittedDomain(values: number[]): [number, number] {
  if (!values.length) return [0, 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi === lo ? Math.max(1, hi * 0.05) : (hi - lo) * 0.15;
  const span = hi - lo + 2 * pad;
  const magnitude = 10 ** Math.floor(Math.log10(span / 4));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => span / s <= 5) ?? 10 * magnitude;
  const nice = Math.max(1, Math.round(step));
  return [Math.max(0, Math.floor((lo - pad) / nice) * nice), Math.ceil((hi + pad) / nice) * nice];
}

/** Evenly spaced round ticks across a fitted domain (Recharts' own would split 280–330 as 280, 295, 310…). */
export function peopleTicks([lo, hi]: [number, number]): number[] {
  const span = hi - lo;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, span) / 4));
  const step = Math.max(1, Math.round([1, 2, 5, 10].map((m) => m * magnitude).find((s) => span / s <= 6) ?? 10 * magnitude));
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return ticks;
}

/** A time domain spanning the runs; a single run gets an hour either side so its point sits in the middle. */
export function timeDomain(times: number[]): [number, number] {
  if (!times.length) return [0, 1];
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  if (hi === lo) return [lo - 3_600_000, hi + 3_600_000];
  const pad = (hi - lo) * 0.03;
  return [lo - pad, hi + pad];
}

export function SyncHealthChart({ data }: { data: SyncHealthPoint[] }) {
  const points = data.map((d) => ({ ...d, ts: new Date(d.t).getTime() }));
  const matchPoints = points.filter((d) => d.matchRate !== null).length;
  const hasMatch = matchPoints > 0;
  const last = points[points.length - 1];
  const people = points.flatMap((d) => [d.segment, d.eligible, d.audience]).filter((v): v is number => v !== null);
  const single = points.length === 1;
  const yDomain = fittedDomain(people);
  // The first delivered figure, labelled on the chart, so the line's start reads without hovering.
  const firstLabel = ({ x, y, index, value }: { x?: number | string; y?: number | string; index?: number; value?: unknown }) =>
    index === 0 && typeof value === "number" ? (
      <text
        x={Number(x)}
        y={Number(y) - 10}
        textAnchor={single ? "middle" : "start"}
        fontSize={11}
        fill="#4338ca"
        data-testid="chart-first-label"
      >
        {full.format(value)}
      </text>
    ) : null;
  return (
    <div>
      <div
        className="h-64 w-full"
        role="img"
        aria-label={`Segment size vs delivered audience over ${data.length} ${data.length === 1 ? "run" : "runs"}${last ? `; latest: segment ${full.format(last.segment ?? 0)}, delivered ${full.format(last.audience ?? 0)}${last.matchRate !== null ? `, match rate ${Math.round(last.matchRate * 100)}%` : ""}` : ""}`}
        data-testid="sync-health-chart"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 20, right: hasMatch ? 0 : 16, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis
              dataKey="ts"
              type="number"
              scale="time"
              domain={timeDomain(points.map((p) => p.ts))}
              tickFormatter={when}
              tick={{ fontSize: 11, fill: "#64748b" }}
              tickLine={false}
              axisLine={false}
              minTickGap={48}
              tickCount={single ? 3 : 6}
            />
            <YAxis
              yAxisId="people"
              domain={yDomain}
              ticks={peopleTicks(yDomain)}
              tickFormatter={(v: number) => compact.format(v)}
              tick={{ fontSize: 11, fill: "#64748b" }}
              tickLine={false}
              axisLine={false}
              allowDecimals={false}
              width={52}
            />
            {hasMatch && (
              <YAxis
                yAxisId="rate"
                orientation="right"
                domain={[0, 1]}
                tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
                tick={{ fontSize: 11, fill: "#64748b" }}
                tickLine={false}
                axisLine={false}
                width={40}
              />
            )}
            <Tooltip
              labelFormatter={(t) => `${when(Number(t))} UTC`}
              formatter={(v, name) => [
                name === "matchRate" ? `${Math.round(Number(v) * 100)}%` : full.format(Number(v)),
                SERIES[String(name)] ?? String(name),
              ]}
              contentStyle={{ borderRadius: 8, border: "1px solid #e2e8f0", fontSize: 12, boxShadow: "0 4px 12px rgb(15 23 42 / 0.08)" }}
            />
            <Legend formatter={(name) => SERIES[String(name)] ?? String(name)} wrapperStyle={{ fontSize: 12 }} iconType="plainline" />
            <Line
              yAxisId="people"
              dataKey="segment"
              stroke="#94a3b8"
              strokeWidth={2}
              dot={points.length < 3}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              yAxisId="people"
              dataKey="eligible"
              stroke="#a5b4fc"
              strokeWidth={1.5}
              strokeDasharray="4 3"
              dot={single ? { r: 3, strokeDasharray: "0", fill: "#a5b4fc" } : false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              yAxisId="people"
              dataKey="audience"
              stroke="#4f46e5"
              strokeWidth={2.5}
              dot={points.length < 3}
              label={firstLabel}
              isAnimationActive={false}
              connectNulls
            />
            {hasMatch && (
              <Line
                yAxisId="rate"
                dataKey="matchRate"
                stroke="#059669"
                strokeWidth={2}
                dot={matchPoints < 3}
                isAnimationActive={false}
                connectNulls
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {single && (
        <p className="mt-1 text-xs text-slate-500" data-testid="chart-single-point">
          One run so far, so each figure is a single point. Lines appear from the next run, and show how the segment and the delivered
          audience drift apart.
        </p>
      )}
    </div>
  );
}
