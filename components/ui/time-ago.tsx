import { formatRelative, formatTimestamp } from "@/components/ui/format";

/** Relative time, with the exact timestamp on hover and for assistive tech. */
export function TimeAgo({ date, empty = "Never" }: { date: Date | string | null | undefined; empty?: string }) {
  if (!date) return <span className="text-slate-400">{empty}</span>;
  const d = new Date(date);
  return (
    <time dateTime={d.toISOString()} title={formatTimestamp(d)}>
      {formatRelative(d)}
    </time>
  );
}
