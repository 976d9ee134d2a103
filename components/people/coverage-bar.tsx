import { formatNumber, formatPercent } from "@/components/ui/format";

// One identifier's coverage as a stacked bar: valid, pre-hashed, invalid, missing.
const PARTS = [
  { key: "valid", label: "Valid", color: "bg-emerald-500" },
  { key: "prehashed", label: "Pre-hashed", color: "bg-indigo-400" },
  { key: "invalid", label: "Invalid", color: "bg-red-400" },
  { key: "missing", label: "Missing", color: "bg-slate-200" },
] as const;

export type CoverageParts = { valid: number; prehashed: number; invalid: number; missing: number };

export function CoverageBar({ label, parts, total }: { label: string; parts: CoverageParts; total: number }) {
  return (
    <div>
      <div className="mb-1.5 flex items-baseline justify-between text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-500 tabular-nums">{formatPercent(parts.valid + parts.prehashed, total)} usable</span>
      </div>
      <div
        className="flex h-3 overflow-hidden rounded-full bg-slate-100"
        role="img"
        aria-label={PARTS.map((p) => `${p.label} ${formatNumber(parts[p.key])}`).join(", ")}
      >
        {PARTS.map((p) =>
          parts[p.key] > 0 ? (
            <div key={p.key} className={p.color} style={{ width: `${(parts[p.key] / Math.max(total, 1)) * 100}%` }} />
          ) : null,
        )}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        {PARTS.map((p) => (
          <li key={p.key} className="flex items-center gap-1.5">
            <span className={`size-2 rounded-full ${p.color}`} aria-hidden />
            {p.label} <span className="text-slate-700 tabular-nums">{formatNumber(parts[p.key])}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
