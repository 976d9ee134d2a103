"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fittedDomain, peopleTicks } from "@/components/charts/sync-health-chart";

// Monitoring's chart of one sync (issue 12 item 1): segment size → eligible → delivered →
// platform-matched, one point per run snapshot on a real time axis spanning the chosen range (a
// run sits at its time; a stretch with no runs shows as one), people on an axis fitted to the
// figures rather than from 0, so a drift of a few percent is visible.

export type TrendChartPoint = {
  t: string;
  segment: number | null;
  eligible: number | null;
  delivered: number | null;
  matched: number | null;
};

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en-US");
const SERIES: Record<string, string> = {
  segment: "Segment size",
  eligible: "Eligible",
  delivered: "Delivered",
  matched: "Matched on the platform",
};

export function SyncTrendChart({ data, from, to }: { data: TrendChartPoint[]; from: string; to: string }) {
  const points = data.map((d) => ({ ...d, ts: new Date(d.t).getTime() }));
  const domain: [number, number] = [new Date(from).getTime(), new Date(to).getTime()];
  const short = domain[1] - domain[0] <= 2 * 86_400_000;
  const when = (t: number) =>
    new Date(t).toLocaleString("en-US", {
      month: short ? undefined : "short",
      day: short ? undefined : "numeric",
      hour: short ? "2-digit" : undefined,
      minute: short ? "2-digit" : undefined,
      hour12: false,
      timeZone: "UTC",
    });
  const stamp = (t: number) =>
    new Date(t).toLocaleString("en-US", {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
      timeZone: "UTC",
    });
  const people = points.flatMap((d) => [d.segment, d.eligible, d.delivered, d.matched]).filter((v): v is number => v !== null);
  const yDomain = fittedDomain(people);
  const hasMatched = points.some((p) => p.matched !== null);
  const last = points[points.length - 1];
  const dots = points.length < 4;
  return (
    <div
      className="h-72 w-full"
      role="img"
      data-testid="sync-trend-chart"
      aria-label={`Segment, eligible, delivered${hasMatched ? " and matched" : ""} over ${points.length} ${points.length === 1 ? "run" : "runs"}${last ? `; latest delivered ${full.format(last.delivered ?? 0)}` : ""}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="ts"
            type="number"
            scale="time"
            domain={domain}
            tickFormatter={when}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            minTickGap={48}
          />
          <YAxis
            domain={yDomain}
            ticks={peopleTicks(yDomain)}
            tickFormatter={(v: number) => compact.format(v)}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
            width={52}
          />
          <Tooltip
            labelFormatter={(t) => `${stamp(Number(t))} UTC`}
            formatter={(v, name) => [full.format(Number(v)), SERIES[String(name)] ?? String(name)]}
            contentStyle={{ borderRadius: 8, border: "1px solid #e2e8f0", fontSize: 12 }}
          />
          <Legend formatter={(name) => SERIES[String(name)] ?? String(name)} wrapperStyle={{ fontSize: 12 }} iconType="plainline" />
          <Line dataKey="segment" stroke="#94a3b8" strokeWidth={2} dot={dots} isAnimationActive={false} connectNulls />
          <Line
            dataKey="eligible"
            stroke="#a5b4fc"
            strokeWidth={1.5}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line dataKey="delivered" stroke="#4f46e5" strokeWidth={2.5} dot={dots} isAnimationActive={false} connectNulls />
          {hasMatched && <Line dataKey="matched" stroke="#059669" strokeWidth={2} dot={dots} isAnimationActive={false} connectNulls />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
