"use client";

import { useState } from "react";
import { AudienceImpactTable } from "@/components/launch/audience-impact-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import type { SegmentImpact } from "@/lib/launch/segment-impact";

/**
 * Shown before saving a segment that feeds live syncs: per audience, who the change would add and
 * remove. A risky change (too large a share removed, or an audience emptied) needs the box ticked;
 * the server refuses it without that confirmation too (lib/launch/guard-segment-change.ts).
 */
export function RiskyEditDialog({
  impact,
  onCancel,
  onConfirm,
}: {
  impact: SegmentImpact | null;
  onCancel: () => void;
  onConfirm: (confirmRisk: boolean) => void;
}) {
  const [confirmed, setConfirmed] = useState(false);
  const close = () => {
    setConfirmed(false);
    onCancel();
  };
  return (
    <Dialog
      open={!!impact}
      onClose={close}
      title="This segment feeds live audiences"
      description="Saving changes who is in them at the next run. Counts come from the same rules a run uses (suppression, holdout, identifiers)."
    >
      {impact && (
        <div className="space-y-4">
          <AudienceImpactTable audiences={impact.audiences} />
          {impact.risky && (
            <Alert tone="warning" title="Check this change">
              <label className="mt-1 flex items-start gap-2">
                <input type="checkbox" className="mt-0.5 size-4" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                <span>I understand this removes more than {impact.thresholdPercent}% of a live audience, or empties one.</span>
              </label>
            </Alert>
          )}
          <DialogActions>
            <Button variant="secondary" onClick={close}>
              Keep editing
            </Button>
            <Button
              variant={impact.risky ? "danger-solid" : "primary"}
              disabled={impact.risky && !confirmed}
              onClick={() => {
                setConfirmed(false);
                onConfirm(impact.risky);
              }}
            >
              Save the change
            </Button>
          </DialogActions>
        </div>
      )}
    </Dialog>
  );
}
