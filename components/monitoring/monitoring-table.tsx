import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { KindIcon } from "@/components/destinations/kind-icon";
import { ATTENTION_LOOK } from "@/components/monitoring/attention-words";
import { HealthBadge, RUN_STATUS_LABEL } from "@/components/syncs/health-badge";
import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { MonitoringRow } from "@/lib/monitoring/load-monitoring";

// Every sync as one row: its state from the one health model, why it needs attention, its last
// run, four sparklines (segment → eligible → delivered → matched) and the gap.

const FIGURES = [
  { key: "segment", label: "Segment", color: "#64748b" },
  { key: "eligible", label: "Eligible", color: "#818cf8" },
  { key: "delivered", label: "Delivered", color: "#4f46e5" },
  { key: "matched", label: "Matched", color: "#059669" },
] as const;

export function MonitoringTable({ rows, from, to, range }: { rows: MonitoringRow[]; from: Date; to: Date; range: string }) {
  return (
    <Table data-testid="monitoring-table">
      <THead>
        <TR>
          <TH>Sync</TH>
          <TH>State</TH>
          <TH>Last run</TH>
          {FIGURES.map((f) => (
            <TH key={f.key} className="text-right">
              {f.label}
            </TH>
          ))}
          <TH>Gap</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((r) => {
          const look = r.attention ? ATTENTION_LOOK[r.attention.kind] : null;
          const latest = r.series[r.series.length - 1];
          return (
            <TR key={r.syncId} data-testid="monitoring-row" data-attention={r.attention?.kind ?? "none"}>
              <TD className="max-w-56">
                <Link href={`/monitoring/${r.syncId}?range=${range}`} className="font-medium text-slate-900 hover:text-indigo-700">
                  {r.name}
                </Link>
                <div className="mt-0.5 flex items-center gap-1.5 truncate text-xs text-slate-500">
                  {r.segment.name} → <KindIcon kind={r.destination.kind} className="size-3" /> {r.destination.name}
                </div>
              </TD>
              <TD className="max-w-72">
                <div className="flex flex-wrap items-center gap-1">
                  <HealthBadge health={r.health} />
                  {look && r.attention!.kind !== r.health.state && r.attention!.kind !== "warning" && (
                    <Badge tone={look.tone}>{look.label}</Badge>
                  )}
                </div>
                {r.attention && (
                  <p className={`mt-1 line-clamp-2 text-xs ${look!.text}`} title={r.attention.reason} data-testid="monitoring-cause">
                    {r.attention.reason}
                  </p>
                )}
              </TD>
              <TD className="whitespace-nowrap text-sm">
                {r.lastRun ? (
                  <Link href={`/syncs/${r.syncId}/runs/${r.lastRun.id}`} className="hover:text-indigo-700">
                    <TimeAgo date={r.lastRun.at} />
                    <div className={`text-xs ${r.lastRun.status === "failed" ? "text-red-700" : "text-slate-500"}`}>
                      {RUN_STATUS_LABEL[r.lastRun.status] ?? r.lastRun.status}
                    </div>
                  </Link>
                ) : (
                  <span className="text-slate-400">Never</span>
                )}
              </TD>
              {FIGURES.map((f) => {
                const value = latest?.[f.key] ?? null;
                return (
                  <TD key={f.key} className="text-right">
                    <div className="text-sm tabular-nums text-slate-800">{value === null ? "—" : formatNumber(value)}</div>
                    <Sparkline
                      points={r.series.map((p) => ({ t: p.t.getTime(), v: p[f.key] }))}
                      from={from.getTime()}
                      to={to.getTime()}
                      color={f.color}
                      label={`${f.label} of ${r.name}`}
                      empty={r.series.length === 0 ? "no runs" : f.key === "matched" ? "not reported" : "—"}
                    />
                  </TD>
                );
              })}
              <TD className="max-w-64 text-xs">
                {r.gaps.largest ? (
                  <span className={r.attention?.kind === "drifting" ? "text-amber-700" : "text-slate-600"} data-testid="monitoring-gap">
                    <span className="font-medium tabular-nums">
                      {r.gaps.largest.difference > 0 ? "+" : "−"}
                      {formatNumber(Math.abs(r.gaps.largest.difference))} ({Math.round(r.gaps.largest.share * 100)}%)
                    </span>{" "}
                    {r.gaps.largest.kind === "segment" ? "vs the segment" : "vs the platform"}
                  </span>
                ) : (
                  <span className="text-slate-400">{r.gaps.segment ? "None" : "—"}</span>
                )}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
