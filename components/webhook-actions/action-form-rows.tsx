"use client";

import { Plus, X } from "lucide-react";
import { replaceAt, RowErrors } from "@/components/forms/row-errors";
import type { SecretRow } from "@/components/webhook-actions/action-form-values";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

// The webhook action form's repeating rows: pairs (headers; response path → attribute) and secrets
// (saved ones by name and preview with Replace; new ones typed, masked); event conditions are
// components/forms/filter-rows.tsx, shared with the event stream form.
// Each row's error (from the server, by the row's index) shows under the rows.

/** Two text boxes per row, e.g. header name and value. `keys` maps the row's two fields. */
export function PairRows<K extends string>({
  rows,
  onChange,
  keys,
  labels,
  placeholders,
  addLabel,
  errors,
  mono,
}: {
  rows: Record<K, string>[];
  onChange: (rows: Record<K, string>[]) => void;
  keys: [K, K];
  labels: [string, string];
  placeholders?: [string, string];
  addLabel: string;
  errors: (string | undefined)[];
  mono?: boolean;
}) {
  const [a, b] = keys;
  const blank = { [a]: "", [b]: "" } as Record<K, string>;
  return (
    <div className="space-y-2">
      {rows.map((r, i) => (
        <div key={i} className="flex items-center gap-2" data-testid="pair-row">
          <Input
            aria-label={labels[0]}
            value={r[a]}
            placeholder={placeholders?.[0]}
            className={mono ? "font-mono text-xs" : undefined}
            onChange={(e) => onChange(replaceAt(rows, i, { [a]: e.target.value } as Partial<Record<K, string>>))}
          />
          <span className="text-slate-400" aria-hidden>
            →
          </span>
          <Input
            aria-label={labels[1]}
            value={r[b]}
            placeholder={placeholders?.[1]}
            className={mono ? "font-mono text-xs" : undefined}
            onChange={(e) => onChange(replaceAt(rows, i, { [b]: e.target.value } as Partial<Record<K, string>>))}
          />
          <Button
            variant="ghost"
            aria-label={`Remove ${labels[0].toLowerCase()} ${r[a]}`.trim()}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <X aria-hidden />
          </Button>
        </div>
      ))}
      <RowErrors errors={errors} />
      <Button variant="secondary" size="sm" onClick={() => onChange([...rows, blank])}>
        <Plus aria-hidden /> {addLabel}
      </Button>
    </div>
  );
}

/** Secrets: a saved one shows its name and last 4 characters, and a new value only after Replace. */
export function SecretRows({
  rows,
  onChange,
  errors,
}: {
  rows: SecretRow[];
  onChange: (rows: SecretRow[]) => void;
  errors: (string | undefined)[];
}) {
  return (
    <div className="space-y-2">
      {rows.map((r, i) => (
        <div key={i} className="flex items-center gap-2" data-testid="secret-row">
          <Input
            aria-label="Secret name"
            value={r.name}
            placeholder="api_key"
            readOnly={r.preview !== null}
            className="max-w-56 font-mono text-xs"
            onChange={(e) => onChange(replaceAt(rows, i, { name: e.target.value }))}
          />
          {r.preview !== null && !r.replacing ? (
            <>
              <span className="flex-1 font-mono text-xs text-slate-500" data-testid="secret-preview">
                {r.preview} <span className="font-sans">(saved, encrypted)</span>
              </span>
              <Button variant="secondary" size="sm" onClick={() => onChange(replaceAt(rows, i, { replacing: true }))}>
                Replace
              </Button>
            </>
          ) : (
            <Input
              aria-label={`Value of ${r.name || "the secret"}`}
              type="password"
              autoComplete="off"
              value={r.value}
              placeholder={r.preview ? `New value (now ${r.preview})` : "Value"}
              onChange={(e) => onChange(replaceAt(rows, i, { value: e.target.value }))}
            />
          )}
          <Button variant="ghost" aria-label={`Remove secret ${r.name}`.trim()} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <X aria-hidden />
          </Button>
        </div>
      ))}
      <RowErrors errors={errors} />
      <Button variant="secondary" size="sm" onClick={() => onChange([...rows, { name: "", value: "", preview: null, replacing: false }])}>
        <Plus aria-hidden /> Add a secret
      </Button>
    </div>
  );
}
