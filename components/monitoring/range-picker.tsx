import Link from "next/link";
import { clsx } from "clsx";

// The range (and sort) as links, so a chosen view is a URL someone can share with on-call.
const LABELS = { "24h": "24 h", "7d": "7 d", "30d": "30 d", "90d": "90 d" } as const;

export function RangePicker({ current, href }: { current: keyof typeof LABELS; href: (range: keyof typeof LABELS) => string }) {
  return (
    <nav aria-label="Range" className="inline-flex rounded-md ring-1 ring-slate-200" data-testid="range-picker">
      {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((r) => (
        <Link
          key={r}
          href={href(r)}
          aria-current={r === current ? "true" : undefined}
          className={clsx(
            "px-3 py-1.5 text-sm first:rounded-l-md last:rounded-r-md",
            r === current ? "bg-indigo-600 font-medium text-white" : "text-slate-600 hover:bg-slate-50",
          )}
        >
          {LABELS[r]}
        </Link>
      ))}
    </nav>
  );
}
