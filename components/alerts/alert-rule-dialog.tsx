"use client";

import { Pencil, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";
import { BUILTIN_KINDS, COUNTERS, KIND_LABELS, RULE_KINDS, SYNC_KINDS, type RuleKind } from "@/lib/monitoring/alerts/rule-schemas";

type Option = { id: string; name: string };
type ParamField = { key: string; label: string; hint?: string; type: "number" | "text" | "counter" | "endpoint"; optional?: boolean };

/** The fields each kind asks for; the server's schema (rule-schemas.ts) decides what is valid. */
const FIELDS: Partial<Record<RuleKind, ParamField[]>> = {
  rejected_rows: [
    { key: "percent", label: "Rejected share above (%)", type: "number" },
    { key: "criticalPercent", label: "Critical above (%)", type: "number", optional: true, hint: "Leave empty to keep one severity." },
  ],
  counter_deviation: [
    { key: "counter", label: "Counter", type: "counter" },
    { key: "percent", label: "Moves more than (%)", type: "number" },
    { key: "runs", label: "Against the median of the last N runs", type: "number" },
    { key: "criticalPercent", label: "Critical above (%)", type: "number", optional: true },
  ],
  delivery_gap: [{ key: "percent", label: "Delivered short of eligible by more than (%)", type: "number" }],
  event_volume_drop: [
    { key: "event", label: "Event name", type: "text", hint: "Exactly as it arrives, e.g. checkout_started." },
    { key: "percent", label: "Drops by more than (%)", type: "number" },
    { key: "hours", label: "Over the last N hours, against the same hours last week", type: "number" },
  ],
  ingest_rejections: [
    { key: "threshold", label: "Refused messages, at least", type: "number" },
    { key: "minutes", label: "Within minutes", type: "number" },
  ],
  delivery_backlog: [
    { key: "endpointId", label: "Event stream", type: "endpoint", optional: true },
    { key: "lagMinutes", label: "Oldest waiting event older than (minutes)", type: "number", optional: true },
    { key: "dead", label: "Dead letters, at least", type: "number", optional: true },
  ],
};

const DEFAULTS: Partial<Record<RuleKind, Record<string, string>>> = {
  counter_deviation: { counter: "delivered", percent: "30", runs: "5" },
  delivery_gap: { percent: "10" },
  event_volume_drop: { percent: "50", hours: "3" },
  ingest_rejections: { threshold: "100", minutes: "15" },
  delivery_backlog: { lagMinutes: "30" },
  rejected_rows: { percent: "5" },
};

export type EditableRule = {
  id: string;
  name: string;
  kind: RuleKind;
  severity: "warning" | "critical";
  scope: { type: "sync" | "destination" | "all"; id?: string | null };
  params: Record<string, unknown>;
  channelIds: string[];
  builtin: boolean;
};

export function AlertRuleDialog({
  rule,
  syncs,
  destinations,
  channels,
  endpoints,
  action,
}: {
  rule?: EditableRule;
  syncs: Option[];
  destinations: Option[];
  channels: Option[];
  endpoints: Option[];
  action: (input: unknown) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const creatable = RULE_KINDS.filter((k) => !BUILTIN_KINDS.includes(k) || k === "rejected_rows");
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? "counter_deviation");
  const [params, setParams] = useState<Record<string, string>>(
    rule ? Object.fromEntries(Object.entries(rule.params).map(([k, v]) => [k, v == null ? "" : String(v)])) : (DEFAULTS[kind] ?? {}),
  );
  const [severity, setSeverity] = useState(rule?.severity ?? "warning");
  const [scopeType, setScopeType] = useState(rule?.scope.type ?? "all");
  const [scopeId, setScopeId] = useState(rule?.scope.id ?? "");
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channelIds ?? []);
  const [failure, setFailure] = useState<{ error: string; fieldErrors?: Record<string, string> } | null>(null);
  const [pending, start] = useTransition();
  const fields = FIELDS[kind] ?? [];
  const syncKind = SYNC_KINDS.includes(kind);
  const err = (k: string) => failure?.fieldErrors?.[k] ?? failure?.fieldErrors?.[`change.${k}`];

  function paramValues() {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const raw = (params[f.key] ?? "").trim();
      if (raw === "") {
        if (f.optional) out[f.key] = null;
        continue;
      }
      out[f.key] = f.type === "number" ? Number(raw) : raw;
    }
    return out;
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "");
    const scope = syncKind && scopeType !== "all" ? { type: scopeType, id: scopeId || null } : { type: "all" as const };
    start(async () => {
      const body = { name, severity, scope, channelIds, params: paramValues() };
      const r = await action(
        rule ? { ruleId: rule.id, change: rule.builtin ? { severity, channelIds, params: body.params } : body } : { ...body, kind },
      );
      if (!r.ok) return setFailure(r);
      setOpen(false);
      setFailure(null);
      router.refresh();
    });
  }

  return (
    <>
      {rule ? (
        <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Edit ${rule.name}`}>
          <Pencil aria-hidden />
          Edit
        </Button>
      ) : (
        <Button onClick={() => setOpen(true)}>
          <Plus aria-hidden />
          New alert rule
        </Button>
      )}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={rule ? `Edit “${rule.name}”` : "New alert rule"}
        description={
          rule?.builtin
            ? "A default every sync has: it is always on. You can change its severity, thresholds and who is told."
            : "Checked after every run and every minute. One notification when it opens, one if its severity changes, one when it clears."
        }
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          {failure && <Alert tone="error">{failure.error}</Alert>}
          <Field label="Name" htmlFor="alert-rule-name" error={err("name")}>
            <Input id="alert-rule-name" name="name" defaultValue={rule?.name} readOnly={rule?.builtin} required maxLength={120} />
          </Field>
          {!rule && (
            <Field label="Alert when" htmlFor="alert-rule-kind" error={err("kind")}>
              <Select
                id="alert-rule-kind"
                value={kind}
                onChange={(e) => {
                  const k = e.target.value as RuleKind;
                  setKind(k);
                  setParams(DEFAULTS[k] ?? {});
                  if (!SYNC_KINDS.includes(k)) setScopeType("all");
                }}
              >
                {creatable.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {fields.map((f) => {
            const id = `alert-rule-${f.key}`;
            const value = params[f.key] ?? "";
            const set = (v: string) => setParams({ ...params, [f.key]: v });
            return (
              <Field key={f.key} label={f.label} htmlFor={id} hint={f.hint} error={err(`params.${f.key}`)}>
                {f.type === "counter" ? (
                  <Select id={id} value={value} onChange={(e) => set(e.target.value)}>
                    {Object.entries(COUNTERS).map(([k, label]) => (
                      <option key={k} value={k}>
                        {label}
                      </option>
                    ))}
                  </Select>
                ) : f.type === "endpoint" ? (
                  <Select id={id} value={value} onChange={(e) => set(e.target.value)}>
                    <option value="">Every event stream</option>
                    {endpoints.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    id={id}
                    value={value}
                    onChange={(e) => set(e.target.value)}
                    inputMode={f.type === "number" ? "decimal" : undefined}
                  />
                )}
              </Field>
            );
          })}
          <Field label="Severity" htmlFor="alert-rule-severity" error={err("severity")}>
            <Select id="alert-rule-severity" value={severity} onChange={(e) => setSeverity(e.target.value as "warning" | "critical")}>
              <option value="warning">Warning</option>
              <option value="critical">Critical</option>
            </Select>
          </Field>
          {syncKind && !rule?.builtin && (
            <Field label="Watch" htmlFor="alert-rule-scope" error={err("scope.type") ?? err("scope.id")}>
              <div className="flex gap-2">
                <Select
                  id="alert-rule-scope"
                  value={scopeType}
                  onChange={(e) => {
                    setScopeType(e.target.value as "sync" | "destination" | "all");
                    setScopeId("");
                  }}
                >
                  <option value="all">Every sync</option>
                  <option value="destination">The syncs to one destination</option>
                  <option value="sync">One sync</option>
                </Select>
                {scopeType !== "all" && (
                  <Select
                    aria-label={scopeType === "sync" ? "Sync" : "Destination"}
                    value={scopeId}
                    onChange={(e) => setScopeId(e.target.value)}
                  >
                    <option value="">Choose…</option>
                    {(scopeType === "sync" ? syncs : destinations).map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </Select>
                )}
              </div>
            </Field>
          )}
          <fieldset className="space-y-1 text-sm">
            <legend className="font-medium text-slate-700">Tell</legend>
            {channels.length === 0 && (
              <p className="text-xs text-slate-500">
                No notification channels yet: add one in Settings → Notifications. Alerts still show here.
              </p>
            )}
            {channels.map((c) => (
              <label key={c.id} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={channelIds.includes(c.id)}
                  onChange={(e) => setChannelIds(e.target.checked ? [...channelIds, c.id] : channelIds.filter((x) => x !== c.id))}
                />
                {c.name}
              </label>
            ))}
            {err("channelIds") && <p className="text-xs text-red-600">{err("channelIds")}</p>}
          </fieldset>
          <DialogActions>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : rule ? "Save rule" : "Create rule"}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
