import { clsx } from "clsx";
import { TriangleAlert } from "lucide-react";
import type { Lint } from "@/lib/segments/lint";

/** Linter warnings, each with how to fix it. Used by the builder and the segment page. */
export function LintList({ lints, className }: { lints: Lint[]; className?: string }) {
  return (
    <ul className={clsx("space-y-2", className)} data-testid="lints">
      {lints.map((l) => (
        <li
          key={l.code + (l.path ?? "")}
          className="flex gap-2.5 rounded-md bg-amber-50 px-3 py-2 text-sm ring-1 ring-amber-200 ring-inset"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-500" aria-hidden />
          <div>
            <p className="text-amber-900">{l.message}</p>
            <p className="mt-0.5 text-xs text-amber-800">
              <span className="font-medium">How to fix:</span> {l.fix}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
