"use client";

import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { valueTypes, type ColumnTarget, type ImportKind } from "@/lib/ingest/csv/import-config";

// One row per CSV column: where its values go. Attribute (people) and property (events)
// columns also get a name and a type, which the import enforces per cell.

const TARGETS: Record<ImportKind, { value: ColumnTarget["to"]; label: string }[]> = {
  people: [
    { value: "external_id", label: "External id" },
    { value: "email", label: "Email" },
    { value: "phone", label: "Phone" },
    { value: "anonymous_id", label: "Anonymous id" },
    { value: "attribute", label: "Attribute" },
    { value: "ignore", label: "Don't import" },
  ],
  events: [
    { value: "external_id", label: "External id" },
    { value: "email", label: "Email" },
    { value: "anonymous_id", label: "Anonymous id" },
    { value: "event_name", label: "Event name" },
    { value: "timestamp", label: "Timestamp" },
    { value: "message_id", label: "Message id (dedupe)" },
    { value: "property", label: "Event property" },
    { value: "ignore", label: "Don't import" },
  ],
};

const snake = (s: string) =>
  s
    .trim()
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_|_$/g, "")
    .toLowerCase() || "column";

type Props = {
  kind: ImportKind;
  header: string[];
  samples: string[][];
  columns: ColumnTarget[];
  onChange: (columns: ColumnTarget[]) => void;
};

export function MappingTable({ kind, header, samples, columns, onChange }: Props) {
  const set = (i: number, target: ColumnTarget) => onChange(columns.map((c, j) => (j === i ? target : c)));
  return (
    <Table>
      <THead>
        <TR>
          <TH>Column in file</TH>
          <TH>Sample values</TH>
          <TH>Import as</TH>
          <TH>Name and type</TH>
        </TR>
      </THead>
      <TBody>
        {header.map((h, i) => {
          const c = columns[i]!;
          return (
            <TR key={i} data-testid="mapping-row">
              <TD className="font-medium text-slate-900">{h || <span className="text-slate-400 italic">column {i + 1}</span>}</TD>
              <TD className="max-w-56 truncate font-mono text-xs text-slate-500">
                {samples
                  .slice(0, 3)
                  .map((r) => r[i] ?? "")
                  .filter(Boolean)
                  .join(" · ") || "—"}
              </TD>
              <TD>
                <Select
                  aria-label={`Import ${h} as`}
                  value={c.to}
                  onChange={(e) => {
                    const to = e.target.value as ColumnTarget["to"];
                    set(i, to === "attribute" || to === "property" ? { to, name: snake(h), type: "text" } : ({ to } as ColumnTarget));
                  }}
                >
                  {TARGETS[kind].map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </Select>
              </TD>
              <TD>
                {"name" in c ? (
                  <div className="flex gap-2">
                    <Input
                      aria-label={`Name for ${h}`}
                      value={c.name}
                      maxLength={150}
                      onChange={(e) => set(i, { ...c, name: e.target.value })}
                      className="w-40 font-mono text-xs"
                    />
                    <Select
                      aria-label={`Type of ${h}`}
                      value={c.type}
                      onChange={(e) => set(i, { ...c, type: e.target.value as (typeof valueTypes)[number] })}
                      className="w-28"
                    >
                      {valueTypes.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </Select>
                  </div>
                ) : (
                  <span className="text-xs text-slate-400">—</span>
                )}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
