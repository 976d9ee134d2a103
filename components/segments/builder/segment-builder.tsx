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
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import type { ActionResult } from "@/lib/actions/action-result";
import type { SegmentDefinition } from "@/lib/segments/definition";
import { parseDefinition } from "@/lib/segments/validate";

export type SaveInput = { name: string; description: string | null; refreshIntervalMinutes: number; definition: unknown };

type Props = {
  mode: "create" | "edit";
  segmentId?: string;
  initial: { name: string; description: string | null; refreshIntervalMinutes: number; definition: SegmentDefinition | null };
  catalog: BuilderCatalog;
  save: (input: SaveInput) => Promise<ActionResult<{ id: string }>>;
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

function Builder({ mode, segmentId, initial, save }: Props) {
  const router = useRouter();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description ?? "");
  const [interval, setInterval] = useState(initial.refreshIntervalMinutes);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(initial.definition));
  const [view, setView] = useState<"rules" | "json">("rules");
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const parsed = useMemo(() => parseDefinition(draft), [draft]);
  const issues = parsed.ok ? [] : parsed.issues;
  const preview = useSegmentPreview(parsed.ok && draft.conditions.length > 0 ? parsed.definition : null, segmentId);
  const funnel = preview.data && parsed.ok ? preview.data.funnel.map((f) => f.count) : undefined;

  function onSave() {
    setFailure(null);
    if (!name.trim()) return setFailure("Give the segment a name.");
    if (!parsed.ok) return setFailure("Some rules are incomplete; they are marked in red.");
    startTransition(async () => {
      const result = await save({ name: name.trim(), description: description.trim() || null, refreshIntervalMinutes: interval, definition: parsed.definition });
      if (result.ok) router.push(`/segments/${result.id}`);
      else setFailure(result.error);
    });
  }

  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Segment name" htmlFor="segment-name">
          <Input id="segment-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Checkout abandoners (2h)" maxLength={120} />
        </Field>
        <Field label="Note for your team (optional)" htmlFor="segment-description">
          <Input id="segment-description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What it is for, who owns it" maxLength={500} />
        </Field>
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_380px]">
        <div className="space-y-6">
          <Card>
            <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
              <div className="flex flex-wrap items-center gap-2 text-sm whitespace-nowrap text-slate-700">
                <span className="font-semibold text-slate-900">Who is in it:</span>
                <span>people who match</span>
                <Choice aria-label="Match" value={draft.match} onChange={(e) => setDraft({ ...draft, match: e.target.value as Draft["match"] })}>
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
                <RuleList draft={draft} setDraft={setDraft} group={[]} rules={draft.conditions} match={draft.match} issues={issues} funnel={funnel} />
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
                {draft.cap ? <NumberBox label="Cap days" value={draft.cap.days} onChange={(days) => setDraft({ ...draft, cap: { days } })} /> : <span className="text-slate-400">N</span>}
                <span>days in the segment, even if they still match</span>
              </label>
              <p className="-mt-2 pl-6 text-xs text-slate-500">Recommended 1–3 days for cart and checkout audiences. They come back only after new activity.</p>
              <label className="flex flex-wrap items-center gap-2">
                <span>Refresh membership every</span>
                <NumberBox label="Refresh interval minutes" value={interval} onChange={setInterval} />
                <span>minutes (and whenever you save)</span>
              </label>
            </div>
          </Card>
        </div>

        <div className="lg:sticky lg:top-6">
          <PreviewPanel result={preview.data} loading={preview.isFetching} error={preview.error} invalid={!parsed.ok} editing={mode === "edit"} />
        </div>
      </div>

      <div className="flex items-center justify-end gap-3 border-t border-slate-200 pt-4">
        {failure && (
          <Alert tone="error" className="mr-auto">
            {failure}
          </Alert>
        )}
        <Link href={segmentId ? `/segments/${segmentId}` : "/segments"} className={buttonClasses({ variant: "secondary" })}>
          Cancel
        </Link>
        <Button onClick={onSave} disabled={pending}>
          {pending ? "Saving…" : mode === "create" ? "Save segment" : "Save changes"}
        </Button>
      </div>
    </div>
  );
}

function Tab({ active, onClick, icon, children }: { active: boolean; onClick: () => void; icon: React.ReactNode; children: React.ReactNode }) {
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
