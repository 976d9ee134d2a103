"use client";

import { ChevronDown, ChevronUp, Trash2 } from "lucide-react";
import { formatCount } from "@/components/ui/format";
import { AddRuleMenu } from "@/components/segments/builder/add-rule-menu";
import {
  addRule,
  issuePrefix,
  moveRule,
  removeRule,
  replaceRule,
  type Draft,
  type Path,
  type Rule,
} from "@/components/segments/builder/draft";
import { EventRule, RecencyRule, SequenceRule } from "@/components/segments/builder/event-rules";
import { Choice, InvalidPaths, useCatalog } from "@/components/segments/builder/fields";
import { AttributeRule, IdentifierRule, SegmentRule } from "@/components/segments/builder/profile-rules";
import { condition } from "@/lib/segments/definition";
import { describeRules } from "@/lib/segments/describe";
import { MAX_DEPTH } from "@/lib/segments/definition";
import type { Impossible } from "@/lib/segments/lint-impossible";
import type { DefinitionIssue } from "@/lib/segments/validate";

// The rules, as cards joined by "and" / "or", each with its own plain-English reading,
// its validation problems and, at the top level, how many people it keeps (the funnel).
// Groups nest the same list.

type Props = {
  draft: Draft;
  setDraft: (d: Draft) => void;
  group: Path;
  rules: Rule[];
  match: "all" | "any";
  issues: DefinitionIssue[];
  /** Rules that can never match (lib/segments/lint-impossible.ts), by path without "definition.". */
  warnings?: Impossible[];
  funnel?: (number | null)[];
};

export function RuleList({ draft, setDraft, group, rules, match, issues, warnings = [], funnel }: Props) {
  const joiner = match === "all" ? "and" : "or";
  return (
    <div className="space-y-2">
      {rules.map((rule, i) => (
        <div key={i}>
          {i > 0 && <div className="py-1 pl-4 text-xs font-semibold tracking-wide text-slate-400 uppercase">{joiner}</div>}
          <RuleCard
            index={i}
            path={[...group, i]}
            rule={rule}
            draft={draft}
            setDraft={setDraft}
            issues={issues}
            warnings={warnings}
            count={funnel?.[i] ?? null}
            isTop={group.length === 0}
          />
        </div>
      ))}
      <AddRuleMenu
        allowGroups={group.length + 1 < MAX_DEPTH}
        onAdd={(r) => setDraft(addRule(draft, group, r))}
        label={rules.length ? "Add rule" : "Add the first rule"}
      />
    </div>
  );
}

function RuleCard({
  index,
  path,
  rule,
  draft,
  setDraft,
  issues,
  warnings,
  count,
  isTop,
}: {
  index: number;
  path: Path;
  rule: Rule;
  draft: Draft;
  setDraft: (d: Draft) => void;
  issues: DefinitionIssue[];
  warnings: Impossible[];
  count: number | null;
  isTop: boolean;
}) {
  const { segments } = useCatalog();
  const onChange = (r: Rule) => setDraft(replaceRule(draft, path, r));
  const prefix = issuePrefix(path);
  // This card's own problems; a group's children show theirs in their own cards.
  const mine = <T extends { path: string }>(list: T[], pre: string) =>
    list.filter(
      (i) => (i.path === pre || i.path.startsWith(`${pre}.`)) && !(rule.type === "group" && i.path.startsWith(`${pre}.conditions.`)),
    );
  const own = mine(issues, prefix);
  const dead = mine(warnings, prefix.replace(/^definition\./, ""));
  // Paths inside this rule ("window.amount") for the controls to mark themselves.
  const invalidPaths = own.map((i) => i.path.slice(prefix.length + 1));
  const parsed = condition.safeParse(rule);
  const reading = parsed.success
    ? describeRules(
        { version: 1, match: "all", conditions: [parsed.data] },
        { segmentNames: Object.fromEntries(segments.map((s) => [s.id, s.name])) },
      )[0]
    : null;

  return (
    <section
      className={`rounded-lg bg-white ${own.length ? "ring-2 ring-red-400" : dead.length ? "ring-2 ring-amber-400" : "ring-1 ring-slate-200"}`}
      data-testid="rule-card"
      data-invalid={own.length ? "true" : undefined}
      aria-label={`Rule ${path.map((p) => p + 1).join(".")}`}
    >
      <header className="flex items-start justify-between gap-3 border-b border-slate-100 px-4 py-2">
        <p className="min-w-0 text-xs text-slate-500">
          <span className="font-medium text-slate-700">{reading ?? "Finish this rule"}</span>
          {isTop && count !== null && (
            <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 font-medium text-indigo-700">
              {formatCount(count, "person", "people")}
              {index > 0 ? " still in" : ""}
            </span>
          )}
        </p>
        <div className="flex shrink-0 items-center gap-0.5">
          <IconButton label="Move up" onClick={() => setDraft(moveRule(draft, path, -1))}>
            <ChevronUp />
          </IconButton>
          <IconButton label="Move down" onClick={() => setDraft(moveRule(draft, path, 1))}>
            <ChevronDown />
          </IconButton>
          <IconButton label="Remove rule" onClick={() => setDraft(removeRule(draft, path))}>
            <Trash2 />
          </IconButton>
        </div>
      </header>
      <div className="px-4 py-3">
        <InvalidPaths paths={invalidPaths}>
          {rule.type === "event" && <EventRule rule={rule} onChange={onChange} />}
          {rule.type === "sequence" && <SequenceRule rule={rule} onChange={onChange} />}
          {rule.type === "recency" && <RecencyRule rule={rule} onChange={onChange} />}
          {rule.type === "attribute" && <AttributeRule rule={rule} onChange={onChange} />}
          {rule.type === "identifier" && <IdentifierRule rule={rule} onChange={onChange} />}
          {rule.type === "segment" && <SegmentRule rule={rule} onChange={onChange} />}
          {rule.type === "group" && (
            <div className="space-y-3">
              <div className="flex items-center gap-2 text-sm text-slate-700">
                <span>Match</span>
                <Choice aria-label="Group match" value={rule.match} onChange={(e) => onChange({ ...rule, match: e.target.value })}>
                  <option value="any">any</option>
                  <option value="all">all</option>
                </Choice>
                <span>of these:</span>
              </div>
              <div className="border-l-2 border-indigo-100 pl-4">
                <RuleList
                  draft={draft}
                  setDraft={setDraft}
                  group={path}
                  rules={rule.conditions}
                  match={rule.match}
                  issues={issues}
                  warnings={warnings}
                />
              </div>
            </div>
          )}
        </InvalidPaths>
        {own.length > 0 && (
          <ul className="mt-2 space-y-0.5 text-xs text-red-600" role="alert">
            {own.map((i) => (
              <li key={i.path + i.message}>{i.message}</li>
            ))}
          </ul>
        )}
        {own.length === 0 && dead.length > 0 && (
          <ul className="mt-2 space-y-0.5 text-xs text-amber-800" data-testid="rule-cannot-match">
            {dead.map((w) => (
              <li key={w.path + w.message}>
                {w.message} <span className="text-amber-700">{w.fix}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function IconButton({ label, onClick, children }: { label: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 [&_svg]:size-4"
    >
      {children}
    </button>
  );
}
