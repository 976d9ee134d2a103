"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// A sync's health over time, one point per run snapshot: how many people the segment has, how
// many the destination should have (eligible after suppression and caps) and has (delivered),
// and the platform's match rate on its own axis when the platform reports one.

export type SyncHealthPoint = { t: string; segment: number | null; eligible: number | null; audience: number | null; matchRate: number | null };

const compact = new Intl.NumberFormat("en-US", { notation: "compact" });
const full = new Intl.NumberFormat("en-US");
const when = (t: string) => new Date(t).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const SERIES: Record<string, string> = { segment: "Segment size", eligible: "Eligible", audience: "Delivered audience", matchRate: "Match rate" };

export function SyncHealthChart({ data }: { data: SyncHealthPoint[] }) {
  const matchPoints = data.filter((d) => d.matchRate !== null).length;
  const hasMatch = matchPoints > 0;
  const last = data[data.length - 1];
  return (
    <div
      className="h-64 w-full"
      role="img"
      aria-label={`Segment size vs delivered audience over ${data.length} runs${last ? `; latest: segment ${full.format(last.segment ?? 0)}, delivered ${full.format(last.audience ?? 0)}${last.matchRate !== null ? `, match rate ${Math.round(last.matchRate * 100)}%` : ""}` : ""}`}
      data-testid="sync-health-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: hasMatch ? 0 : 12, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="t" tickFormatter={when} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} minTickGap={32} />
          <YAxis yAxisId="people" tickFormatter={(v: number) => compact.format(v)} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} allowDecimals={false} width={48} />
          {hasMatch && <YAxis yAxisId="rate" orientation="right" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={40} />}
          <Tooltip
            labelFormatter={(t) => `${when(String(t))} UTC`}
            formatter={(v, name) => [name === "matchRate" ? `${Math.round(Number(v) * 100)}%` : full.format(Number(v)), SERIES[String(name)] ?? String(name)]}
            contentStyle={{ borderRadius: 8, border: "1px solid #e2e8f0", fontSize: 12, boxShadow: "0 4px 12px rgb(15 23 42 / 0.08)" }}
          />
          <Legend formatter={(name) => SERIES[String(name)] ?? String(name)} wrapperStyle={{ fontSize: 12 }} iconType="plainline" />
          <Line yAxisId="people" dataKey="segment" stroke="#94a3b8" strokeWidth={2} dot={data.length < 3} isAnimationActive={false} connectNulls />
          <Line yAxisId="people" dataKey="eligible" stroke="#a5b4fc" strokeWidth={1.5} strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
          <Line yAxisId="people" dataKey="audience" stroke="#4f46e5" strokeWidth={2.5} dot={data.length < 3} isAnimationActive={false} connectNulls />
          {hasMatch && <Line yAxisId="rate" dataKey="matchRate" stroke="#059669" strokeWidth={2} dot={matchPoints < 3} isAnimationActive={false} connectNulls />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
