import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";

/** The last connection test, in a word, with when. */
export function TestStatus({ ok, at }: { ok: boolean | null; at: Date | string | null }) {
  if (ok === null || !at) return <Badge tone="neutral">Not tested</Badge>;
  return (
    <span className="inline-flex items-center gap-2">
      <Badge tone={ok ? "success" : "danger"}>{ok ? "Connected" : "Failing"}</Badge>
      <span className="text-xs text-slate-500">
        <TimeAgo date={at} />
      </span>
    </span>
  );
}
