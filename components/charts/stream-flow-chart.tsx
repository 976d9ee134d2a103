"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// A stream's last hour, minute by minute: events in (matched and queued) against events out
// (delivered). Minutes without a row had no events: they are drawn as 0, not skipped, so a gap
// in delivery looks like one.

type Minute = { minute: string; in: number; out: number };

const clock = (t: string) =>
  new Date(t).toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const full = new Intl.NumberFormat("en-US");

/** 60 points ending at `end` (the current minute), from the ledger's per-minute counts. */
export function lastHour(minutes: Minute[], end: string): Minute[] {
  const byMinute = new Map(minutes.map((m) => [new Date(m.minute).toISOString(), m]));
  const last = Math.floor(new Date(end).getTime() / 60_000) * 60_000;
  return Array.from({ length: 60 }, (_, i) => {
    const t = new Date(last - (59 - i) * 60_000).toISOString();
    return byMinute.get(t) ?? { minute: t, in: 0, out: 0 };
  });
}

export function StreamFlowChart({ minutes, end }: { minutes: Minute[]; end: string }) {
  const data = lastHour(minutes, end);
  const total = (k: "in" | "out") => data.reduce((a, m) => a + m[k], 0);
  return (
    <div
      className="h-48 w-full"
      role="img"
      aria-label={`Last hour: ${full.format(total("in"))} events in, ${full.format(total("out"))} delivered`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="minute"
            tickFormatter={clock}
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={false}
            interval="preserveStartEnd"
            minTickGap={32}
          />
          <YAxis tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} allowDecimals={false} width={44} />
          <Tooltip
            labelFormatter={(t) => `${clock(String(t))} UTC`}
            formatter={(v, name) => [full.format(Number(v)), name === "in" ? "In" : "Delivered"]}
            contentStyle={{ borderRadius: 8, border: "1px solid #e2e8f0", fontSize: 12 }}
          />
          <Legend formatter={(v) => (v === "in" ? "Events in" : "Delivered")} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="in" stroke="#94a3b8" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="out" stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
