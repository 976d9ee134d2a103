import { LiftChart } from "@/components/charts/lift-chart";
import { StatCard } from "@/components/overview/stat-card";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { LiftReport } from "@/lib/measurement/lift-report";
import type { Interval } from "@/lib/measurement/lift-stats";

// A lift report as a growth lead reads it: the verdict first, in words; then the three figures
// with their ranges; then the groups, the extra conversions and revenue, the power hint, and
// the methods. Shared by a sync's lift page and the global control group's report.

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
const pts = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} pts`;
const money = (x: number | null) =>
  x === null ? "—" : `${x < 0 ? "−" : ""}${Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const range = (i: Interval | null, f: (x: number) => string) => (i ? `${f(i.low)} to ${f(i.high)}` : "not enough data");

const TONE = { lift: "success", negative: "error", no_lift_detected: "info", inconclusive: "warning" } as const;
const TITLE = {
  lift: "Adding conversions",
  negative: "Fewer conversions than the holdout",
  no_lift_detected: "No lift detected",
  inconclusive: "Not enough evidence yet",
} as const;

export function LiftReportView({
  report,
  treatedLabel,
  controlLabel,
  excludedBecause = "the holdout share changed",
}: {
  report: LiftReport;
  treatedLabel: string;
  controlLabel: string;
  /** Why someone can be both held out and sent, in the words of this report. */
  excludedBecause?: string;
}) {
  const { statistics: s, treated, control, options } = report;
  const chart =
    s.conversion.treated.interval && s.conversion.control.interval
      ? [
          { group: treatedLabel, rate: s.conversion.treated.rate!, ...s.conversion.treated.interval },
          { group: controlLabel, rate: s.conversion.control.rate!, ...s.conversion.control.interval },
        ]
      : null;
  const pending = treated.pending + control.pending;
  return (
    <div className="space-y-6">
      <Alert tone={TONE[s.verdict]} title={TITLE[s.verdict]}>
        <span data-testid="lift-verdict">{s.sentence}</span>
      </Alert>

      <div className="grid gap-4 md:grid-cols-3">
        <StatCard
          label={`Conversion (${options.event} within ${options.windowDays} d)`}
          value={s.conversion.absolute ? pts(s.conversion.absolute.value) : "—"}
          detail={`${pct(s.conversion.treated.rate)} vs ${pct(s.conversion.control.rate)}; 95% range ${range(s.conversion.absolute?.interval ?? null, pts)}`}
        />
        <StatCard
          label={`Revenue per person (${options.property})`}
          value={s.revenue.absolute ? `${s.revenue.absolute.value >= 0 ? "+" : ""}${money(s.revenue.absolute.value)}` : "—"}
          detail={`${money(s.revenue.treated)} vs ${money(s.revenue.control)}; 95% range ${range(s.revenue.absolute?.interval ?? null, money)}`}
        />
        <StatCard
          label="Repeat purchase rate (2+ orders)"
          value={s.repeat.absolute ? pts(s.repeat.absolute.value) : "—"}
          detail={`${pct(s.repeat.treated.rate)} vs ${pct(s.repeat.control.rate)}; 95% range ${range(s.repeat.absolute?.interval ?? null, pts)}`}
        />
      </div>

      <Card>
        <CardHeader
          title="Conversion rate by group"
          description="The bar is the rate; the whisker is its 95% range. When the whiskers overlap, the difference may be chance."
        />
        <CardBody>
          {chart ? (
            <LiftChart data={chart} />
          ) : (
            <p className="py-6 text-center text-sm text-slate-500">No one has finished their window yet.</p>
          )}
          <Table className="mt-4">
            <THead>
              <TR>
                <TH>Group</TH>
                <TH className="text-right">People measured</TH>
                <TH className="text-right">Converted</TH>
                <TH className="text-right">Conversion rate</TH>
                <TH className="text-right">Revenue per person</TH>
                <TH className="text-right">Repeat rate</TH>
              </TR>
            </THead>
            <TBody>
              {(
                [
                  [treatedLabel, treated, s.conversion.treated.rate, s.revenue.treated, s.repeat.treated.rate],
                  [controlLabel, control, s.conversion.control.rate, s.revenue.control, s.repeat.control.rate],
                ] as const
              ).map(([label, g, rate, revenue, repeat]) => (
                <TR key={label} data-testid="lift-group">
                  <TD>{label}</TD>
                  <TD className="text-right tabular-nums">{formatNumber(g.people)}</TD>
                  <TD className="text-right tabular-nums">{formatNumber(g.converted)}</TD>
                  <TD className="text-right tabular-nums">{pct(rate)}</TD>
                  <TD className="text-right tabular-nums">{money(revenue)}</TD>
                  <TD className="text-right tabular-nums">{pct(repeat)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <ul className="mt-4 space-y-1 text-sm text-slate-600">
            {s.incremental.conversions && (
              <li data-testid="lift-incremental">
                Extra conversions among the {formatNumber(treated.people)} people reached: about{" "}
                <strong>{formatNumber(Math.round(s.incremental.conversions.value))}</strong> (95% range{" "}
                {formatNumber(Math.round(s.incremental.conversions.interval.low))} to{" "}
                {formatNumber(Math.round(s.incremental.conversions.interval.high))})
                {s.incremental.revenue && (
                  <>
                    , worth about <strong>{money(s.incremental.revenue.value)}</strong> (95% range{" "}
                    {money(s.incremental.revenue.interval.low)} to {money(s.incremental.revenue.interval.high)})
                  </>
                )}
                .
              </li>
            )}
            {s.power.holdoutNeeded !== null && (
              <li data-testid="lift-power">
                To detect a lift as small as 10%, the holdout needs about <strong>{formatNumber(s.power.holdoutNeeded)}</strong> people
                measured; it has {formatNumber(control.people)}
                {s.verdict === "lift" || s.verdict === "negative" ? " (enough for the larger difference measured here)" : ""}.
              </li>
            )}
            {pending > 0 && (
              <li>
                {formatNumber(pending)} more {pending === 1 ? "person is" : "people are"} still inside the {options.windowDays}-day window
                and will count once it ends.
              </li>
            )}
            {report.excluded > 0 && (
              <li>
                {formatNumber(report.excluded)} {report.excluded === 1 ? "person was" : "people were"} both held out and sent (
                {excludedBecause}) and {report.excluded === 1 ? "is" : "are"} left out of both groups.
              </li>
            )}
          </ul>
        </CardBody>
      </Card>
      <p className="text-xs text-slate-500">How this is worked out: {report.methods} Test profiles are not counted.</p>
    </div>
  );
}
