import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { LatestValidation } from "@/lib/validation/latest-validation";

// On the sync page: when this sync was last proven with test profiles, and a way to do it again.
export function SyncValidationBadge({
  syncId,
  latest,
  canValidate,
}: {
  syncId: string;
  latest: LatestValidation | null;
  canValidate: boolean;
}) {
  const line = !latest ? (
    <span className="text-slate-500">Never validated</span>
  ) : latest.state === "running" ? (
    <Link href={`/validation/${latest.id}`} className="text-indigo-700 hover:underline">
      Validation running…
    </Link>
  ) : latest.state === "passed" ? (
    <Link href={`/validation/${latest.id}`} className="text-emerald-700 hover:underline">
      Validated <TimeAgo date={latest.finishedAt} />
    </Link>
  ) : (
    <Link href={`/validation/${latest.id}`} className="text-red-700 hover:underline">
      Last validation {latest.state === "failed" ? "failed" : "was cancelled"} <TimeAgo date={latest.finishedAt} />
    </Link>
  );
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="sync-validation">
      {line}
      {canValidate && (
        <Link href={`/validation/new?syncId=${encodeURIComponent(syncId)}`} className={buttonClasses({ variant: "secondary", size: "sm" })}>
          Validate
        </Link>
      )}
    </div>
  );
}
