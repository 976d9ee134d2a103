"use client";

import { Plus, X } from "lucide-react";
import { OPS, type Filter } from "@/components/forms/filter-values";
import { replaceAt, RowErrors } from "@/components/forms/row-errors";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

/** Conditions on the event's properties (all must hold): an event stream's and a webhook action's. */
export function FilterRows({
  rows,
  onChange,
  errors,
  placeholder,
}: {
  rows: Filter[];
  onChange: (rows: Filter[]) => void;
  errors: (string | undefined)[];
  /** A property name this area's events typically carry. */
  placeholder: string;
}) {
  return (
    <div className="space-y-2">
      {rows.map((f, i) => (
        <div key={i} className="flex gap-2" data-testid="filter-row">
          <Input
            aria-label="Property"
            value={f.property}
            placeholder={placeholder}
            onChange={(e) => onChange(replaceAt(rows, i, { property: e.target.value }))}
          />
          <Select
            aria-label="Condition"
            value={f.op}
            onChange={(e) => onChange(replaceAt(rows, i, { op: e.target.value as Filter["op"] }))}
          >
            {OPS.map(([op, words]) => (
              <option key={op} value={op}>
                {words}
              </option>
            ))}
          </Select>
          {f.op !== "exists" && f.op !== "not_exists" && (
            <Input aria-label="Value" value={f.value} onChange={(e) => onChange(replaceAt(rows, i, { value: e.target.value }))} />
          )}
          <Button variant="ghost" aria-label="Remove condition" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <X aria-hidden />
          </Button>
        </div>
      ))}
      <RowErrors errors={errors} />
      <Button variant="secondary" size="sm" onClick={() => onChange([...rows, { property: "", op: "equals", value: "" }])}>
        <Plus aria-hidden /> Add a condition on a property
      </Button>
    </div>
  );
}
