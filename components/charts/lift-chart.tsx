"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";

type Row = { group: string; rate: number; low: number; high: number };

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Conversion rate per group with its 95% interval as a whisker: overlapping whiskers read as "not clear yet". */
export function LiftChart({ data }: { data: Row[] }) {
  const rows = data.map((d) => ({ ...d, error: [d.rate - d.low, d.high - d.rate] as [number, number] }));
  const max = Math.max(0.01, ...data.map((d) => d.high));
  return (
    <div
      className="h-40 w-full"
      role="img"
      aria-label={data.map((d) => `${d.group}: ${pct(d.rate)} (95% interval ${pct(d.low)} to ${pct(d.high)})`).join("; ")}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 0, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e2e8f0" />
          <XAxis
            type="number"
            domain={[0, max * 1.1]}
            tickFormatter={pct}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
          />
          <YAxis type="category" dataKey="group" width={150} tick={{ fontSize: 12, fill: "#334155" }} tickLine={false} axisLine={false} />
          <Bar dataKey="rate" fill="#818cf8" barSize={22} isAnimationActive={false}>
            <ErrorBar dataKey="error" width={8} strokeWidth={1.5} stroke="#1e293b" direction="x" />
            <LabelList dataKey="rate" position="insideLeft" formatter={(v) => pct(Number(v))} style={{ fontSize: 11, fill: "#ffffff" }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
