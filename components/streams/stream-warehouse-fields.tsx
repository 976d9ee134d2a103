"use client";

import type { DestinationFieldsProps } from "@/components/streams/stream-form-values";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";

/** A warehouse stream's connection (checked on saving: Downstream connects and creates the table) and its table. */
export function StreamWarehouseFields({ value: d, onChange, errors, secretSet }: DestinationFieldsProps) {
  return (
    <div className="space-y-4">
      <Field
        label="Connection string"
        htmlFor="stream-connection"
        hint={
          secretSet("connectionString")
            ? "•••• set — leave blank to keep it, or type a new postgres://… string to replace it. Saving checks the warehouse again: Downstream connects and creates the table if missing."
            : "postgres://user:password@host:5432/database. Checked now: Downstream connects and creates the table. Stored encrypted."
        }
        error={errors["destination.credentials.connectionString"]}
      >
        <Input
          id="stream-connection"
          type="password"
          autoComplete="off"
          placeholder={secretSet("connectionString") ? "••••••••" : undefined}
          value={d.connectionString}
          onChange={(e) => onChange({ connectionString: e.target.value })}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Schema" htmlFor="stream-schema" error={errors["destination.settings.schema"]}>
          <Input id="stream-schema" value={d.schema} onChange={(e) => onChange({ schema: e.target.value })} />
        </Field>
        <Field
          label="Table"
          htmlFor="stream-table"
          hint="Created if missing; one row per event."
          error={errors["destination.settings.table"]}
        >
          <Input id="stream-table" value={d.table} onChange={(e) => onChange({ table: e.target.value })} />
        </Field>
      </div>
    </div>
  );
}
