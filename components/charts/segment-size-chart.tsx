"use client";

import { Area, CartesianGrid, ComposedChart, Bar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Point = { at: string; size: number; entered: number; exited: number };

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const compact = new Intl.NumberFormat("en-US", { notation: "compact" });
const full = new Intl.NumberFormat("en-US");

/** Segment size after each refresh (area), with entries and exits per refresh (bars, right axis). */
export function SegmentSizeChart({ data }: { data: Point[] }) {
  const last = data.at(-1);
  return (
    <div
      className="h-56 w-full"
      role="img"
      aria-label={`Segment size over ${data.length} refreshes${last ? `; now ${full.format(last.size)}` : ""}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 4, right: 0, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="at"
            tickFormatter={when}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            minTickGap={40}
          />
          <YAxis
            yAxisId="size"
            tickFormatter={(v: number) => compact.format(v)}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
            width={48}
          />
          <YAxis yAxisId="flow" orientation="right" hide allowDecimals={false} />
          <Tooltip
            labelFormatter={(v) => `${when(String(v))} UTC`}
            formatter={(v, name) => [full.format(Number(v)), name === "size" ? "Members" : name === "entered" ? "Entered" : "Left"]}
            contentStyle={{ borderRadius: 8, border: "1px solid #e2e8f0", fontSize: 12 }}
          />
          <Bar yAxisId="flow" dataKey="entered" fill="#86efac" maxBarSize={10} isAnimationActive={false} />
          <Bar yAxisId="flow" dataKey="exited" fill="#fca5a5" maxBarSize={10} isAnimationActive={false} />
          <Area yAxisId="size" type="stepAfter" dataKey="size" stroke="#6366f1" fill="#e0e7ff" strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
