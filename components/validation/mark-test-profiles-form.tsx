"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/actions/action-result";

// Marking test profiles: by a plus-address prefix, an internal domain, a list of ids, or new
// synthetic ones. Marked people leave segments and live audiences at once.

const MODES = {
  plus_prefix: {
    label: "Plus addresses",
    hint: "Every address like qa+1@yourcompany.com, qa+2@…, for the prefix qa.",
    field: "Prefix",
    placeholder: "qa",
  },
  domain: {
    label: "An internal email domain",
    hint: "Everyone with an address at this domain.",
    field: "Domain",
    placeholder: "yourcompany.com",
  },
  ids: {
    label: "A list of ids",
    hint: "Profile ids or your own customer ids, separated by commas or new lines (paste a CSV column).",
    field: "Ids",
    placeholder: "cus_123, cus_456",
  },
  create: {
    label: "Create new ones",
    hint: "New people with valid addresses (qa+…@ the domain you give), for testing only.",
    field: "How many",
    placeholder: "10",
  },
} as const;
type Mode = keyof typeof MODES;

export function MarkTestProfilesForm({ action }: { action: (input: unknown) => Promise<ActionResult<{ message: string }>> }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("plus_prefix");
  const [value, setValue] = useState("");
  const [domain, setDomain] = useState("example.com");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const m = MODES[mode];
  const input = () =>
    mode === "plus_prefix"
      ? { by: mode, prefix: value }
      : mode === "domain"
        ? { by: mode, domain: value }
        : mode === "ids"
          ? { by: mode, ids: value }
          : { by: mode, count: Number(value), domain };
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await action(input());
          setResult(r.ok ? { ok: true, text: r.message } : { ok: false, text: r.error });
          if (r.ok) {
            setValue("");
            router.refresh();
          }
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[14rem_1fr]">
        <Field label="Mark by" htmlFor="mark-mode">
          <Select id="mark-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            {Object.entries(MODES).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={m.field} htmlFor="mark-value" hint={m.hint}>
          <Input id="mark-value" value={value} placeholder={m.placeholder} onChange={(e) => setValue(e.target.value)} />
        </Field>
      </div>
      {mode === "create" && (
        <Field label="Email domain" htmlFor="mark-domain" hint="Use a domain you own, so no real inbox gets mail.">
          <Input id="mark-domain" value={domain} onChange={(e) => setDomain(e.target.value)} />
        </Field>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending || !value.trim()}>
          {pending ? "Working…" : mode === "create" ? "Create test profiles" : "Mark as test profiles"}
        </Button>
        {result && (
          <p role="status" className={result.ok ? "text-sm text-emerald-700" : "text-sm text-red-700"}>
            {result.text}
          </p>
        )}
      </div>
    </form>
  );
}
