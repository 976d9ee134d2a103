import Link from "next/link";
import { formatNumber } from "@/components/ui/format";
import type { Overlap } from "@/lib/measurement/overlap";

// The overlap matrix: each row's item against each column's. A cell says how many people are in
// both and what share of the row's item that is ("62% of Cart abandoners are also in Buyers");
// the diagonal is the item's own size. Each cell links to a sample of those people.

const share = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export function OverlapMatrix({ overlap, cellHref }: { overlap: Overlap; cellHref: (a: number, b: number) => string }) {
  const cell = (a: number, b: number) => {
    const p = overlap.pairs.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a))!;
    return { people: p.people, shareOfRow: p.a === a ? p.shareOfA : p.shareOfB };
  };
  const heat = (x: number | null) => {
    if (x === null || x === 0) return "bg-white";
    if (x >= 0.5) return "bg-indigo-200";
    if (x >= 0.25) return "bg-indigo-100";
    return "bg-indigo-50";
  };
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full border-separate border-spacing-0 text-sm" data-testid="overlap-matrix">
        <caption className="sr-only">People in both, and the share of the row&apos;s segment or audience</caption>
        <thead>
          <tr>
            <th className="sticky left-0 bg-white px-3 py-2 text-left text-xs font-medium text-slate-500">Of the people in…</th>
            {overlap.items.map((it) => (
              <th key={`${it.kind}:${it.id}`} scope="col" className="max-w-40 px-3 py-2 text-left text-xs font-medium text-slate-700">
                …also in {it.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overlap.items.map((row, a) => (
            <tr key={`${row.kind}:${row.id}`}>
              <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-medium text-slate-900">
                <Link href={row.href} className="hover:text-indigo-700">
                  {row.name}
                </Link>
                <span className="block text-xs font-normal text-slate-500">
                  {row.kind === "sync" ? "live audience" : "segment"} · {formatNumber(row.size)} people
                </span>
              </th>
              {overlap.items.map((col, b) => {
                if (a === b)
                  return (
                    <td key={b} className="border border-white bg-slate-100 px-3 py-2 text-center text-xs text-slate-500">
                      itself
                    </td>
                  );
                const c = cell(a, b);
                return (
                  <td key={b} className={`border border-white px-3 py-2 ${heat(c.shareOfRow)}`} data-testid="overlap-cell">
                    <Link
                      href={cellHref(a, b)}
                      className="block hover:underline"
                      title={`${formatNumber(c.people)} of the ${formatNumber(row.size)} people in ${row.name} are also in ${col.name}`}
                    >
                      <span className="font-semibold tabular-nums text-slate-900">{share(c.shareOfRow)}</span>
                      <span className="block text-xs text-slate-600 tabular-nums">{formatNumber(c.people)} people</span>
                    </Link>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
