import { formatNumber } from "@/components/ui/format";
import type { AudienceImpact } from "@/lib/launch/segment-impact";

/** Per live audience: who a segment change would add and remove, and the warnings that come with it. */
export function AudienceImpactTable({ audiences }: { audiences: AudienceImpact[] }) {
  return (
    <table className="w-full text-left text-xs" data-testid="audience-impact">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-2 font-medium">Live audience</th>
          <th className="py-1 pr-2 text-right font-medium">Now</th>
          <th className="py-1 pr-2 text-right font-medium">Added</th>
          <th className="py-1 pr-2 text-right font-medium">Removed</th>
          <th className="py-1 text-right font-medium">After</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {audiences.map((a) => (
          <tr key={a.syncId} data-testid="audience-impact-row" className="align-top">
            <td className="py-1.5 pr-2">
              <span className="font-medium text-slate-900">{a.syncName}</span>
              <span className="block text-slate-500">{a.destination}</span>
              {a.reason && <span className="block font-medium text-red-700">{a.reason}</span>}
              {a.belowMinimum && (
                <span className="block text-amber-700">
                  Below {a.platform}&apos;s minimum of {formatNumber(a.minimum!)}: the platform may refuse removals or stop serving it.
                </span>
              )}
              {a.mode === "add_only" && <span className="block text-slate-500">Add-only: people who leave stay in this audience.</span>}
            </td>
            <td className="py-1.5 pr-2 text-right tabular-nums">{formatNumber(a.current)}</td>
            <td className="py-1.5 pr-2 text-right text-emerald-700 tabular-nums">+{formatNumber(a.added)}</td>
            <td className="py-1.5 pr-2 text-right text-red-700 tabular-nums">−{formatNumber(a.removed)}</td>
            <td className="py-1.5 text-right font-medium tabular-nums">{formatNumber(a.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
