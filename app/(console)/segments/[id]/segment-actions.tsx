"use client";

import { Pencil, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { formatCount, formatNumber } from "@/components/ui/format";
import type { SegmentUse } from "@/lib/segments/segment-usage";
import { deleteSegmentAction, refreshSegmentAction } from "../actions";

/**
 * Edit, refresh now, delete (with a confirmation that says what goes with it). A segment in
 * use cannot be deleted: the button says so, and by what, before anyone confirms anything.
 */
export function SegmentActions({ id, name, usedBy }: { id: string; name: string; usedBy: SegmentUse[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  const refresh = () =>
    startTransition(async () => {
      const r = await refreshSegmentAction(id);
      setMessage(
        r.ok
          ? {
              tone: "success",
              text: `Refreshed in ${formatNumber(r.ms)} ms: ${formatNumber(r.entered)} entered, ${formatNumber(r.exited)} left, ${formatCount(r.size, "member")}.`,
            }
          : { tone: "error", text: r.error },
      );
    });
  const remove = () =>
    startTransition(async () => {
      const r = await deleteSegmentAction(id);
      if (r.ok) router.push("/segments");
      else {
        setConfirming(false);
        setMessage({ tone: "error", text: r.error });
      }
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <Button variant="secondary" onClick={refresh} disabled={pending}>
          <RefreshCw aria-hidden className={pending ? "animate-spin" : undefined} /> Refresh now
        </Button>
        <Link href={`/segments/${id}/edit`} className={buttonClasses({ variant: "secondary" })}>
          <Pencil aria-hidden /> Edit
        </Link>
        <Button
          variant="danger"
          onClick={() => setConfirming(true)}
          disabled={pending || usedBy.length > 0}
          aria-describedby={usedBy.length ? "segment-in-use" : undefined}
        >
          <Trash2 aria-hidden /> Delete
        </Button>
      </div>
      {usedBy.length > 0 && (
        <p id="segment-in-use" className="max-w-md text-right text-xs text-slate-500" data-testid="segment-in-use">
          Can&apos;t delete: used by{" "}
          {usedBy.map((u, i) => (
            <span key={`${u.kind}:${u.id}`}>
              {i > 0 && (i === usedBy.length - 1 ? " and " : ", ")}
              {u.kind}{" "}
              <Link href={u.href} className="text-indigo-700 hover:underline">
                “{u.name}”
              </Link>
            </span>
          ))}
          . Remove it there first.
        </p>
      )}
      {message && (
        <Alert tone={message.tone} className="max-w-md">
          {message.text}
        </Alert>
      )}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Delete “${name}”?`}
        description="Its members, entry and exit history and versions go with it. The audit log keeps a record."
      >
        <DialogActions>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
          <Button variant="danger-solid" onClick={remove} disabled={pending}>
            Delete segment
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
}
