"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { setCountryAction } from "./actions";

export function CountryForm({
  current,
  options,
  canEdit,
}: {
  current: string;
  options: { code: string; name: string }[];
  canEdit: boolean;
}) {
  const [value, setValue] = useState(current);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select
        aria-label="Default phone country"
        value={value}
        disabled={!canEdit}
        onChange={(e) => setValue(e.target.value)}
        className="max-w-xs"
      >
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name} ({o.code})
          </option>
        ))}
      </Select>
      {canEdit && (
        <Button
          size="sm"
          variant="secondary"
          disabled={pending || value === current}
          onClick={() =>
            startTransition(async () => {
              const r = await setCountryAction({ defaultCountry: value });
              setMessage(r.ok ? "Saved. Applies to data written from now on." : r.error);
            })
          }
        >
          Save
        </Button>
      )}
      {message && <span className="text-xs text-slate-600">{message}</span>}
    </div>
  );
}
