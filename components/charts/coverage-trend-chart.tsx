"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Identifier coverage per day as shares of people (lines: each is a rate over time).
type Point = { day: string; email: number; phone: number; externalId: number | null };

const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export function CoverageTrendChart({ data }: { data: Point[] }) {
  return (
    <div
      className="h-56 w-full"
      role="img"
      aria-label={`Coverage by day: ${data.map((d) => `${dayLabel(d.day)} email ${d.email}%, phone ${d.phone}%`).join("; ")}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="day"
            tickFormatter={dayLabel}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            minTickGap={16}
          />
          <YAxis
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            width={48}
          />
          <Tooltip
            labelFormatter={(d) => dayLabel(String(d))}
            formatter={(v) => `${v}%`}
            contentStyle={{ borderRadius: 8, border: "1px solid #e2e8f0", fontSize: 12 }}
          />
          <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="monotone"
            dataKey="email"
            name="Valid email"
            stroke="#6366f1"
            strokeWidth={2}
            dot={data.length < 3}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="phone"
            name="Valid phone"
            stroke="#10b981"
            strokeWidth={2}
            dot={data.length < 3}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="externalId"
            name="External id"
            stroke="#94a3b8"
            strokeWidth={2}
            dot={data.length < 3}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
