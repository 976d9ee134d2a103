"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/action-result";
import type { LaunchSettings } from "@/lib/launch/launch-settings";

/** The workspace's launch settings; read-only for anyone but an admin. */
export function LaunchSettingsForm({
  current,
  canEdit,
  save,
}: {
  current: LaunchSettings;
  canEdit: boolean;
  save: (input: unknown) => Promise<ActionResult>;
}) {
  const [approvals, setApprovals] = useState(current.approvalsEnabled);
  const [days, setDays] = useState(String(current.validationMaxAgeDays));
  const [share, setShare] = useState(String(current.riskyRemovalPercent));
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await save({ approvalsEnabled: approvals, validationMaxAgeDays: Number(days), riskyRemovalPercent: Number(share) });
          setMessage(r.ok ? "Saved." : r.error);
        });
      }}
    >
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300"
          checked={approvals}
          disabled={!canEdit}
          onChange={(e) => setApprovals(e.target.checked)}
        />
        <span>
          <span className="font-medium text-slate-900">Require an admin&apos;s approval</span>
          <span className="block text-slate-500">
            When an editor sets a sync live or changes a segment that feeds a live sync, the change waits here until an admin approves it.
            Nothing changes on the live audiences before that.
          </span>
        </span>
      </label>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="A test-cohort validation counts for (days)"
          htmlFor="validation-days"
          hint="Older validations no longer pass the checklist."
        >
          <Input
            id="validation-days"
            type="number"
            min={1}
            max={365}
            value={days}
            disabled={!canEdit}
            onChange={(e) => setDays(e.target.value)}
          />
        </Field>
        <Field
          label="Ask to confirm a change removing more than (%)"
          htmlFor="risky-share"
          hint="Of any live audience. A change that empties one always asks."
        >
          <Input
            id="risky-share"
            type="number"
            min={1}
            max={100}
            value={share}
            disabled={!canEdit}
            onChange={(e) => setShare(e.target.value)}
          />
        </Field>
      </div>
      {canEdit && (
        <div className="flex items-center gap-3">
          <Button type="submit" size="sm" disabled={pending}>
            Save settings
          </Button>
          {message && <span className="text-xs text-slate-600">{message}</span>}
        </div>
      )}
    </form>
  );
}
