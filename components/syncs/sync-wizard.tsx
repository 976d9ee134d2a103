"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";
import type { IdentifierKind } from "@/lib/connectors/contract";
import { coverageExpectation } from "@/lib/sync/safety-rails";
import type { SyncOptions } from "@/lib/sync/sync-options";

// New sync in four short steps: what (segment), where (destination, identifiers), who is left out
// (suppression, holdout, cap, mode), when (schedule, draft or live). Validation happens on the
// server (createSync); field errors come back to the step that owns the field.

const STEPS = ["Audience", "Destination", "Exclusions", "Schedule"] as const;
const ID_LABEL: Record<string, string> = { email: "Email", phone: "Phone", external_id: "External ID" };
const STEP_OF: Record<string, number> = {
  name: 0,
  segmentId: 0,
  destinationId: 1,
  identifiers: 1,
  remoteAudienceName: 1,
  holdoutPercent: 2,
  capDays: 2,
  mode: 2,
  intervalMinutes: 3,
  scheduleCron: 3,
};

export function SyncWizard({
  options,
  initialDestination,
  action,
  tierSegments = {},
}: {
  options: SyncOptions;
  initialDestination?: string;
  action: (input: unknown) => Promise<ActionResult<{ id: string }>>;
  /** Segments made from the playbook's intent tier templates, by id (lib/tiers/tier-suggestions.ts). */
  tierSegments?: Record<string, { rank: number; of: number }>;
}) {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [segmentId, setSegmentId] = useState(options.segments[0]?.id ?? "");
  const [destinationId, setDestinationId] = useState(initialDestination ?? options.destinations[0]?.id ?? "");
  const destination = options.destinations.find((d) => d.id === destinationId);
  const segment = options.segments.find((s) => s.id === segmentId);
  const [name, setName] = useState("");
  const [identifiers, setIdentifiers] = useState<string[]>(["email", "phone"]);
  const [audienceName, setAudienceName] = useState("");
  const [promotional, setPromotional] = useState(true);
  const [mode, setMode] = useState<"mirror" | "add_only">("mirror");
  const [holdout, setHoldout] = useState("0");
  const [cap, setCap] = useState("");
  const [cron, setCron] = useState("");
  const [interval, setIntervalMinutes] = useState("15");
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  // The identity audit: the highest match rate this segment can reach with these identifiers.
  const expectation = coverageExpectation(
    segment?.coverage,
    identifiers.filter((i) => !destination || destination.identifiers.includes(i)) as IdentifierKind[],
  );
  const defaultName = segment && destination ? `${segment.name} → ${destination.name}` : "";
  const available = (destination?.identifiers ?? []).filter((i) => !identifiers.includes(i));
  const err = (k: string) => failure?.fieldErrors?.[k];

  function move(i: number, by: number) {
    const next = [...identifiers];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setIdentifiers(next);
  }

  function submit(state: "draft" | "live") {
    setFailure(null);
    start(async () => {
      const result = await action({
        name: name.trim() || defaultName,
        segmentId,
        destinationId,
        identifiers: identifiers.filter((i) => destination?.identifiers.includes(i)),
        remoteAudienceName: audienceName.trim() || undefined,
        promotional,
        mode,
        holdoutPercent: Number(holdout || 0),
        capDays: cap.trim() ? Number(cap) : null,
        scheduleCron: cron.trim() || null,
        intervalMinutes: Number(interval || 15),
        state,
      });
      if (result.ok) return router.push(`/syncs/${result.id}`);
      setFailure(result);
      const first = Object.keys(result.fieldErrors ?? {})
        .map((k) => STEP_OF[k])
        .find((s) => s !== undefined);
      if (first !== undefined) setStep(first);
    });
  }

  // Steps holding a field the server refused: marked in the step list, so an error on a
  // step the user is not looking at is never hidden.
  const errorSteps = new Set(
    Object.keys(failure?.fieldErrors ?? {})
      .map((k) => STEP_OF[k])
      .filter((s): s is number => s !== undefined),
  );
  const errorStepNames = [...errorSteps].sort().map((i) => `${i + 1}. ${STEPS[i]}`);

  if (!options.segments.length || !options.destinations.length) {
    return (
      <Alert tone="info" title="Almost there">
        A sync needs {options.segments.length ? "" : "a segment"}
        {!options.segments.length && !options.destinations.length ? " and " : ""}
        {options.destinations.length ? "" : "a destination"} first.
      </Alert>
    );
  }

  return (
    <div className="space-y-6">
      <ol className="flex gap-2 text-xs font-medium" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              onClick={() => setStep(i)}
              aria-current={i === step ? "step" : undefined}
              className={`rounded-full px-3 py-1 ${errorSteps.has(i) ? (i === step ? "bg-red-600 text-white" : "bg-red-50 text-red-700 ring-1 ring-red-300") : i === step ? "bg-indigo-600 text-white" : i < step ? "bg-indigo-50 text-indigo-700" : "bg-slate-100 text-slate-500"}`}
            >
              {i + 1}. {s}
              {errorSteps.has(i) && <span className="sr-only"> (needs a fix)</span>}
              {errorSteps.has(i) && <span aria-hidden> !</span>}
            </button>
          </li>
        ))}
      </ol>
      {failure && (
        <Alert tone="error">
          {errorStepNames.length
            ? `Fix the fields marked in red in step${errorStepNames.length === 1 ? "" : "s"} ${errorStepNames.join(" and ")}.`
            : failure.error}
        </Alert>
      )}

      {step === 0 && (
        <div className="space-y-4">
          <Field
            label="Segment"
            htmlFor="sync-segment"
            hint={segment ? `${segment.size.toLocaleString("en-US")} people right now` : undefined}
            error={err("segmentId")}
          >
            <Select id="sync-segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
              {options.segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
          </Field>
          {tierSegments[segmentId] && (
            <Alert tone="info" title={`Intent tier ${tierSegments[segmentId].rank} of ${tierSegments[segmentId].of}`}>
              <span data-testid="wizard-tier-hint">
                This segment is one of the playbook&apos;s Cart intent tiers. Sync each tier to the same platform, then make them an intent
                tier group (the sync page offers it in one click): each person goes only to the highest tier they qualify for.
              </span>
            </Alert>
          )}
          <Field label="Sync name" htmlFor="sync-name" hint={`Defaults to “${defaultName}”.`} error={err("name")}>
            <Input id="sync-name" value={name} placeholder={defaultName} onChange={(e) => setName(e.target.value)} maxLength={120} />
          </Field>
        </div>
      )}

      {step === 1 && (
        <div className="space-y-4">
          <Field label="Destination" htmlFor="sync-destination" error={err("destinationId")}>
            <Select id="sync-destination" value={destinationId} onChange={(e) => setDestinationId(e.target.value)}>
              {options.destinations.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.label})
                </option>
              ))}
            </Select>
          </Field>
          <div>
            <p className="text-sm font-medium text-slate-700">Identifiers, in order of preference</p>
            <p className="mt-1 text-xs text-slate-500">
              Everyone with at least one of these is sent, with all of them they have; people with none are counted as missing an
              identifier.
            </p>
            <ul className="mt-2 space-y-1.5">
              {identifiers.map((id, i) => (
                <li key={id} className="flex items-center gap-2 rounded-md bg-white px-3 py-1.5 ring-1 ring-slate-200">
                  <span className="w-5 text-xs text-slate-400">{i + 1}.</span>
                  <span className="flex-1 text-sm">
                    {ID_LABEL[id]}
                    {destination && !destination.identifiers.includes(id) && (
                      <span className="ml-2 text-xs text-amber-700">not taken by {destination.label}</span>
                    )}
                  </span>
                  <Button size="sm" variant="ghost" aria-label={`Move ${ID_LABEL[id]} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    <ArrowUp />
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Move ${ID_LABEL[id]} down`}
                    disabled={i === identifiers.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <ArrowDown />
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={identifiers.length === 1}
                    onClick={() => setIdentifiers(identifiers.filter((x) => x !== id))}
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
            {available.length > 0 && (
              <div className="mt-2 flex gap-2">
                {available.map((id) => (
                  <Button key={id} size="sm" variant="secondary" onClick={() => setIdentifiers([...identifiers, id])}>
                    + {ID_LABEL[id]}
                  </Button>
                ))}
              </div>
            )}
            {err("identifiers") && <p className="mt-1.5 text-xs text-red-600">{err("identifiers")}</p>}
            {expectation && (
              <p className="mt-2 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-700" data-testid="match-expectation">
                <span className="font-medium">Expected match rate: </span>
                {expectation.text}
              </p>
            )}
          </div>
          <Field
            label="Audience name on the destination"
            htmlFor="sync-audience"
            hint="Created if it doesn't exist; found again by name, so it's never duplicated. Defaults to the sync name."
            error={err("remoteAudienceName")}
          >
            <Input
              id="sync-audience"
              value={audienceName}
              placeholder={name.trim() || defaultName}
              onChange={(e) => setAudienceName(e.target.value)}
              maxLength={200}
            />
          </Field>
        </div>
      )}

      {step === 2 && (
        <div className="space-y-4">
          <label className="flex items-start gap-3 text-sm">
            <input type="checkbox" className="mt-0.5 size-4" checked={promotional} onChange={(e) => setPromotional(e.target.checked)} />
            <span>
              <span className="font-medium text-slate-700">Promotional audience</span>
              <span className="block text-xs text-slate-500">
                {options.promotionalRules.length
                  ? `Applies ${options.promotionalRules.map((r) => `“${r.name}”`).join(", ")} and every future rule for promotional syncs.`
                  : "Suppression rules for promotional syncs will apply."}
              </span>
            </span>
          </label>
          <Field
            label="Holdout (%)"
            htmlFor="sync-holdout"
            hint="A stable random share of eligible people is never sent, and recorded, so lift can be measured."
            error={err("holdoutPercent")}
          >
            <Input
              id="sync-holdout"
              type="number"
              min={0}
              max={50}
              value={holdout}
              onChange={(e) => setHoldout(e.target.value)}
              className="max-w-32"
            />
          </Field>
          <Field
            label="Membership cap (days)"
            htmlFor="sync-cap"
            hint="Drop people who entered the segment longer ago than this. Blank uses the segment's cap, if any."
            error={err("capDays")}
          >
            <Input id="sync-cap" type="number" min={1} value={cap} onChange={(e) => setCap(e.target.value)} className="max-w-32" />
          </Field>
          <Field
            label="Mode"
            htmlFor="sync-mode"
            hint={
              mode === "mirror" ? "Adds people who join and removes people who leave." : "Only adds: people who leave stay in the audience."
            }
            error={err("mode")}
          >
            <Select id="sync-mode" value={mode} onChange={(e) => setMode(e.target.value as "mirror" | "add_only")} className="max-w-xs">
              <option value="mirror">Mirror the segment</option>
              <option value="add_only">Add only</option>
            </Select>
          </Field>
        </div>
      )}

      {step === 3 && (
        <div className="space-y-4">
          <Field
            label="Run every (minutes)"
            htmlFor="sync-interval"
            hint="Segment changes also trigger a run straight away."
            error={err("intervalMinutes")}
          >
            <Input
              id="sync-interval"
              type="number"
              min={5}
              value={interval}
              onChange={(e) => setIntervalMinutes(e.target.value)}
              className="max-w-32"
            />
          </Field>
          <Field
            label="…or on a cron schedule (UTC)"
            htmlFor="sync-cron"
            hint="Optional, five fields, e.g. 0 */6 * * *. Overrides the interval."
            error={err("scheduleCron")}
          >
            <Input
              id="sync-cron"
              value={cron}
              onChange={(e) => setCron(e.target.value)}
              placeholder="0 */6 * * *"
              className="max-w-xs font-mono"
            />
          </Field>
        </div>
      )}

      <div className="flex justify-between border-t border-slate-100 pt-4">
        <Button variant="ghost" disabled={step === 0} onClick={() => setStep(step - 1)}>
          Back
        </Button>
        {step < STEPS.length - 1 ? (
          <Button onClick={() => setStep(step + 1)}>Next</Button>
        ) : (
          <div className="flex gap-2">
            <Button variant="secondary" disabled={pending} onClick={() => submit("draft")}>
              Save as draft
            </Button>
            <Button disabled={pending} onClick={() => submit("live")}>
              {pending ? "Creating…" : "Create and go live"}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
