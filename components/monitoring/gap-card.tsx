import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { DRIFT, type Gap } from "@/lib/monitoring/gap";

// One of the two places people go missing, with the figures behind the verdict.
export function GapCard({ title, gap, empty }: { title: string; gap: Gap | null; empty: string }) {
  const drifting = gap !== null && gap.share >= DRIFT.share && Math.abs(gap.difference) >= DRIFT.people;
  return (
    <Card>
      <CardHeader title={title} />
      <CardBody>
        {gap ? (
          <div className="text-sm" data-testid={`gap-${gap.kind}`}>
            <dl className="grid grid-cols-3 gap-2">
              <div>
                <dt className="text-xs text-slate-500">Expected</dt>
                <dd className="tabular-nums">{formatNumber(gap.expected)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">{gap.kind === "segment" ? "Delivered" : "Platform shows"}</dt>
                <dd className="tabular-nums">{formatNumber(gap.actual)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Unexplained</dt>
                <dd className={`tabular-nums ${drifting ? "font-medium text-amber-700" : ""}`}>
                  {gap.difference === 0 ? "0" : `${gap.difference > 0 ? "+" : "−"}${formatNumber(Math.abs(gap.difference))}`} (
                  {Math.round(gap.share * 100)}%)
                </dd>
              </div>
            </dl>
            <p className={`mt-3 ${drifting ? "text-amber-800" : "text-slate-600"}`}>{gap.sentence}</p>
          </div>
        ) : (
          <p className="text-sm text-slate-500">{empty}</p>
        )}
      </CardBody>
    </Card>
  );
}
