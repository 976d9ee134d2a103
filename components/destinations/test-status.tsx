import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { Verification } from "@/lib/destinations/destination-view";

/** Whether the connection works, in a word, with when and how it was last shown (a test, or a run that delivered). */
export function TestStatus({ verification: v, detailed }: { verification: Verification; detailed?: boolean }) {
  if (v.state === "untested") return <Badge tone="neutral">Not verified yet</Badge>;
  return (
    <span className="inline-flex items-center gap-2" data-testid="destination-verification">
      <Badge tone={v.state === "connected" ? "success" : "danger"}>{v.state === "connected" ? "Connected" : "Failing"}</Badge>
      <span className="text-xs text-slate-500">
        {v.how === "run" ? (
          detailed && v.state === "connected" && v.syncId ? (
            <>
              <Link href={`/syncs/${v.syncId}`} className="hover:text-indigo-700">
                {v.detail}
              </Link>
              ,{" "}
            </>
          ) : (
            "Delivered by a sync run, "
          )
        ) : v.state === "connected" ? (
          "Tested, "
        ) : (
          "Test failed, "
        )}
        <TimeAgo date={v.at} />
      </span>
    </span>
  );
}
