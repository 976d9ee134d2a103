"use client";

import { Braces, ListTree } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { draftFrom, type Draft } from "@/components/segments/builder/draft";
import { CatalogProvider, Choice, NumberBox, type BuilderCatalog } from "@/components/segments/builder/fields";
import { JsonView } from "@/components/segments/builder/json-view";
import { PreviewPanel } from "@/components/segments/builder/preview-panel";
import { RuleList } from "@/components/segments/builder/rule-list";
import { useSegmentPreview } from "@/components/segments/builder/use-segment-preview";
import { QueryProvider } from "@/components/segments/query-provider";
import { RiskyEditDialog } from "@/components/launch/risky-edit-dialog";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { formatCount } from "@/components/ui/format";
import type { ActionResult, FieldErrors } from "@/lib/actions/action-result";
import type { SegmentImpact } from "@/lib/launch/segment-impact";
import type { SegmentDefinition } from "@/lib/segments/definition";
import { impossibleRules } from "@/lib/segments/lint-impossible";
import { segmentFields } from "@/lib/segments/segment-input";
import { parseDefinition, type DefinitionIssue } from "@/lib/segments/validate";
import { safeParseHuman } from "@/lib/validation/human-issue";

export type SaveInput = {
  name: string;
  description: string | null;
  refreshIntervalMinutes: number;
  definition: unknown;
  /** Confirms a change that removes too much of a live audience (lib/launch risky-edit guard). */
  confirmRisk?: boolean;
};

type Props = {
  mode: "create" | "edit";
  segmentId?: string;
  initial: { name: string; description: string | null; refreshIntervalMinutes: number; definition: SegmentDefinition | null };
  catalog: BuilderCatalog;
  save: (input: SaveInput) => Promise<ActionResult<{ id: string }>>;
  /** Editing: the live audiences' figures for this definition, shown before saving (lib/launch). */
  checkImpact?: (definition: unknown) => Promise<ActionResult<{ impact: SegmentImpact }>>;
  /** Workers re-check people within seconds of their new activity (lib/segments/realtime). */
  realtime?: boolean;
};

export function SegmentBuilder(props: Props) {
  return (
    <QueryProvider>
      <CatalogProvider value={{ ...props.catalog, selfId: props.segmentId }}>
        <Builder {...props} />
      </CatalogProvider>
    </QueryProvider>
  );
}

function Builder({ mode, segmentId, initial, save, checkImpact, realtime }: Props) {
  const router = useRouter();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description ?? "");
  const [interval, setInterval] = useState(initial.refreshIntervalMinutes);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(initial.definition));
  const [view, setView] = useState<"rules" | "json">("rules");
  const [failure, setFailure] = useState<string | null>(null);
  // Set on the first save attempt: from then on every problem shows, the name's included.
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [pending, startTransition] = useTransition();
  const [impact, setImpact] = useState<SegmentImpact | null>(null);

  const parsed = useMemo(() => parseDefinition(draft), [draft]);
  // The same schema the server checks, so what is marked here is what a save would refuse.
  const fieldErrors = useMemo(() => {
    const r = safeParseHuman(segmentFields.omit({ definition: true }), {
      name,
      description: description.trim() || null,
      refreshIntervalMinutes: interval,
    });
    const out: FieldErrors = {};
    if (!r.success) for (const i of r.error.issues) out[String(i.path[0] ?? "_")] ??= i.message;
    return out;
  }, [name, description, interval]);
  const serverRuleIssues: DefinitionIssue[] = Object.entries(serverErrors)
    .filter(([k]) => k.startsWith("definition.conditions."))
    .map(([path, message]) => ({ path, message }));
  const issues = [...(parsed.ok ? [] : parsed.issues), ...serverRuleIssues];
  const ruleIssues = issues.filter((i) => i.path.startsWith("definition.conditions."));
  const capError = issues.find((i) => i.path.startsWith("definition.cap"))?.message;
  const otherDefinitionIssues = issues.filter((i) => !i.path.startsWith("definition.conditions.") && !i.path.startsWith("definition.cap"));
  const err = (field: "name" | "description" | "refreshIntervalMinutes") =>
    field === "name" && !tried ? undefined : (fieldErrors[field] ?? serverErrors[field]);
  // Every problem at once, each named, and each one marked where it is; recomputed as the
  // user fixes them, so the summary never lists a problem that is gone.
  const localProblems = [...Object.values(fieldErrors), ...(parsed.ok ? [] : parsed.issues.map((i) => i.message))];
  const summary =
    tried && localProblems.length
      ? problemSummary(localProblems, !parsed.ok && parsed.issues.some((i) => i.path.startsWith("definition.conditions.")))
      : failure;
  const warnings = useMemo(() => (parsed.ok ? impossibleRules(parsed.definition) : []), [parsed]);
  const preview = useSegmentPreview(parsed.ok && draft.conditions.length > 0 ? parsed.definition : null, segmentId);
  const funnel = preview.data && parsed.ok ? preview.data.funnel.map((f) => f.count) : undefined;

  function onSave() {
    setFailure(null);
    setTried(true);
    setServerErrors({});
    // Client-side problems are summarized live below (see `summary`), never as a stale string.
    if (localProblems.length || !parsed.ok) return;
    startTransition(async () => {
      // A segment that feeds live syncs: show who the change adds and removes first.
      if (checkImpact) {
        const checked = await checkImpact(parsed.definition);
        if (!checked.ok) return setFailure(checked.error);
        if (checked.impact.audiences.length) return setImpact(checked.impact);
      }
      await commit(false);
    });
  }

  async function commit(confirmRisk: boolean) {
    if (!parsed.ok) return;
    const result = await save({
      name: name.trim(),
      description: description.trim() || null,
      refreshIntervalMinutes: interval,
      definition: parsed.definition,
      ...(confirmRisk && { confirmRisk }),
    });
    if (result.ok) return router.push(`/segments/${result.id}`);
    setServerErrors(result.fieldErrors ?? {});
    setFailure(
      result.fieldErrors && Object.keys(result.fieldErrors).length
        ? problemSummary(
            [...new Set(Object.values(result.fieldErrors))],
            Object.keys(result.fieldErrors).some((k) => k.startsWith("definition.")),
          )
        : result.error,
    );
  }

  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Segment name" htmlFor="segment-name" error={err("name")}>
          <Input
            id="segment-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Checkout abandoners (2h)"
            maxLength={120}
            {...invalidProps("segment-name", err("name"))}
          />
        </Field>
        <Field label="Note for your team (optional)" htmlFor="segment-description" error={err("description")}>
          <Input
            id="segment-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="What it is for, who owns it"
            maxLength={500}
            {...invalidProps("segment-description", err("description"))}
          />
        </Field>
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        <div className="space-y-6">
          <Card>
            <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
              <div className="flex flex-wrap items-center gap-2 text-sm whitespace-nowrap text-slate-700">
                <span className="font-semibold text-slate-900">Who is in it:</span>
                <span>people who match</span>
                <Choice
                  aria-label="Match"
                  value={draft.match}
                  onChange={(e) => setDraft({ ...draft, match: e.target.value as Draft["match"] })}
                >
                  <option value="all">all</option>
                  <option value="any">any</option>
                </Choice>
                <span>of these rules</span>
              </div>
              <div role="tablist" className="flex rounded-md bg-slate-100 p-0.5 text-xs">
                <Tab active={view === "rules"} onClick={() => setView("rules")} icon={<ListTree className="size-3.5" />}>
                  Rules
                </Tab>
                <Tab active={view === "json"} onClick={() => setView("json")} icon={<Braces className="size-3.5" />}>
                  JSON
                </Tab>
              </div>
            </div>
            <div className="px-5 py-4">
              {view === "rules" ? (
                <>
                  <RuleList
                    draft={draft}
                    setDraft={setDraft}
                    group={[]}
                    rules={draft.conditions}
                    match={draft.match}
                    issues={ruleIssues}
                    warnings={warnings}
                    funnel={funnel}
                  />
                  {otherDefinitionIssues.length > 0 && (
                    <ul className="mt-2 space-y-0.5 text-xs text-red-600" role="alert">
                      {otherDefinitionIssues.map((i) => (
                        <li key={i.path + i.message}>{i.message}</li>
                      ))}
                    </ul>
                  )}
                </>
              ) : (
                <JsonView key={JSON.stringify(draft)} draft={draft} setDraft={setDraft} issues={issues} />
              )}
            </div>
          </Card>

          <Card>
            <div className="space-y-4 px-5 py-4 text-sm text-slate-700">
              <h2 className="text-sm font-semibold text-slate-900">Leaving and refreshing</h2>
              <label className="flex flex-wrap items-center gap-2">
                <input
                  type="checkbox"
                  checked={!!draft.cap}
                  onChange={(e) => setDraft({ ...draft, cap: e.target.checked ? { days: 3 } : null })}
                  className="size-4 rounded border-slate-300"
                  aria-label="Timebox membership"
                />
                <span>Timebox: people leave after</span>
                {draft.cap ? (
                  <NumberBox
                    label="Cap days"
                    value={draft.cap.days}
                    onChange={(days) => setDraft({ ...draft, cap: { days } })}
                    invalid={!!capError}
                    describedBy="cap-days-error"
                  />
                ) : (
                  <span className="text-slate-400">N</span>
                )}
                <span>days in the segment, even if they still match</span>
              </label>
              {capError && (
                <p id="cap-days-error" className="-mt-2 pl-6 text-xs text-red-600" role="alert">
                  {capError}
                </p>
              )}
              <p className="-mt-2 pl-6 text-xs text-slate-500">
                Recommended 1–3 days for cart and checkout audiences. They come back only after new activity.
              </p>
              <label className="flex flex-wrap items-center gap-2">
                <span>{realtime ? "Re-check everyone every" : "Refresh membership every"}</span>
                <NumberBox
                  label="Refresh interval minutes"
                  value={interval}
                  onChange={setInterval}
                  invalid={!!err("refreshIntervalMinutes")}
                  describedBy="refresh-interval-error"
                />
                <span>minutes (and whenever you save)</span>
              </label>
              {realtime && (
                <p className="-mt-2 pl-6 text-xs text-slate-500">
                  People join or leave within seconds of new activity. The re-check catches what only time changes: a time window passing, a
                  cap running out.
                </p>
              )}
              {err("refreshIntervalMinutes") && (
                <p id="refresh-interval-error" className="-mt-2 text-xs text-red-600" role="alert">
                  {err("refreshIntervalMinutes")}
                </p>
              )}
            </div>
          </Card>
        </div>

        <div className="lg:sticky lg:top-6">
          <PreviewPanel
            result={preview.data}
            loading={preview.isFetching}
            error={preview.error}
            invalid={!parsed.ok}
            editing={mode === "edit"}
          />
        </div>
      </div>

      <div className="flex items-center justify-end gap-3 border-t border-slate-200 pt-4">
        {summary && (
          <Alert tone="error" className="mr-auto">
            {summary}
          </Alert>
        )}
        <Link href={segmentId ? `/segments/${segmentId}` : "/segments"} className={buttonClasses({ variant: "secondary" })}>
          Cancel
        </Link>
        <Button onClick={onSave} disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Save segment" : "Save changes"}
        </Button>
      </div>
      <RiskyEditDialog
        impact={impact}
        onCancel={() => setImpact(null)}
        onConfirm={(confirmRisk) => {
          setImpact(null);
          startTransition(() => commit(confirmRisk));
        }}
      />
    </div>
  );
}

const invalidProps = (id: string, error: string | undefined) =>
  error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};

/** "Fix 2 problems marked in red: …", naming each (the first three) so nothing is a hunt. */
function problemSummary(messages: string[], inRules: boolean): string {
  const shown = messages.slice(0, 3).join(" · ");
  const more = messages.length > 3 ? ` · and ${formatCount(messages.length - 3, "more")}` : "";
  return `Fix ${messages.length === 1 ? "this problem" : `these ${formatCount(messages.length, "problem")}`}, marked in red${inRules ? " (in the rules too)" : ""}: ${shown}${more}.`;
}

function Tab({
  active,
  onClick,
  icon,
  children,
}: {
  active: boolean;
  onClick: () => void;
  icon: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      onClick={onClick}
      className={`inline-flex items-center gap-1.5 rounded px-2.5 py-1 font-medium ${active ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"}`}
    >
      {icon}
      {children}
    </button>
  );
}
