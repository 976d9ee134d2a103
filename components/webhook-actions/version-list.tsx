import { formatTimestamp } from "@/components/ui/format";
import type { ActionChange } from "@/lib/webhook-actions/action-changes";

// An action's versions, newest first, each with who saved it and what changed from the one before
// (lib/webhook-actions/action-changes.ts: one sentence per setting, template lines out and in).

export type VersionItem = { version: number; createdAt: Date; createdBy: string | null; changes: ActionChange[]; current: boolean };

export function VersionList({ versions }: { versions: VersionItem[] }) {
  return (
    <ol className="divide-y divide-slate-100" data-testid="versions">
      {versions.map((v) => (
        <li key={v.version} className="py-3 text-sm" data-testid="version-row">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium text-slate-900">Version {v.version}</span>
            {v.current && <span className="text-xs text-emerald-700">in use</span>}
            <span className="text-xs text-slate-500">
              {formatTimestamp(v.createdAt)}
              {v.createdBy && ` · ${v.createdBy}`}
            </span>
          </div>
          {v.changes.length === 0 ? (
            <p className="mt-1 text-xs text-slate-500">Saved without changes to what it sends.</p>
          ) : (
            <ul className="mt-1 space-y-1.5">
              {v.changes.map((c, i) => (
                <li key={i} className="text-xs text-slate-700">
                  {c.text}
                  {c.lines && (
                    <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-4">
                      {c.lines.map((l, j) => (
                        <div
                          key={j}
                          className={l.startsWith("+ ") ? "text-emerald-700" : l.startsWith("- ") ? "text-red-700" : "text-slate-500"}
                        >
                          {l}
                        </div>
                      ))}
                    </pre>
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
