import { clsx } from "clsx";

type Json = unknown;

const show = (v: Json) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function asRecord(v: Json): Record<string, Json> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Json>) : null;
}

/**
 * Before → after, one line per top-level field. Nested values are shown as compact JSON;
 * audit entries are small, so a field-level view reads better than a line diff. A side
 * that was never recorded (a creation has no "before") is left out rather than dashed.
 */
export function JsonDiff({ before, after }: { before: Json; after: Json }) {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) {
    if (before == null && after == null) return <p className="text-xs text-slate-500">No details were recorded for this change.</p>;
    return (
      <p className="font-mono text-xs">
        <span className="text-red-700">{show(before ?? undefined)}</span> →{" "}
        <span className="text-emerald-700">{show(after ?? undefined)}</span>
      </p>
    );
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return (
    <table className="w-full max-w-3xl text-xs">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="w-40 py-1 pr-4 font-medium">Field</th>
          {b && <th className="py-1 pr-4 font-medium">{a ? "Before" : "Value before"}</th>}
          {a && <th className="py-1 font-medium">{b ? "After" : "Recorded value"}</th>}
        </tr>
      </thead>
      <tbody className="font-mono">
        {keys.map((k) => {
          const bv = b?.[k];
          const av = a?.[k];
          const changed = Boolean(a && b) && JSON.stringify(bv) !== JSON.stringify(av);
          return (
            <tr key={k} className="align-top">
              <td className="py-1 pr-4 font-sans text-slate-600">{k}</td>
              {b && (
                <td className={clsx("py-1 pr-4 break-all", changed ? "text-red-700 line-through decoration-red-300" : "text-slate-700")}>
                  {show(bv)}
                </td>
              )}
              {a && <td className={clsx("py-1 break-all", changed ? "font-medium text-emerald-700" : "text-slate-700")}>{show(av)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
