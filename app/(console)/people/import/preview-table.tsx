"use client";

import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { PreviewRow } from "@/lib/ingest/csv/preview-rows";

/** The first rows as the import will store them: normalized identifiers, typed values, and why a row would be refused. */
export function PreviewTable({ rows, kind, raw }: { rows: PreviewRow[]; kind: "people" | "events"; raw: string[][] }) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>Line</TH>
          <TH>Result</TH>
          <TH>External id</TH>
          <TH>Email</TH>
          {kind === "people" ? <TH>Phone</TH> : <TH>Event</TH>}
          <TH>{kind === "people" ? "Attributes" : "Properties"}</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.row} data-testid="preview-row">
            <TD className="text-xs text-slate-500 tabular-nums">{r.line}</TD>
            <TD>
              {r.accepted ? (
                <Badge tone={r.issues.length ? "warning" : "success"}>{r.issues.length ? "Import, with warning" : "Import"}</Badge>
              ) : (
                <Badge tone="danger">Refuse</Badge>
              )}
              {r.issues.map((i, k) => (
                <p key={k} className={i.severity === "error" ? "mt-1 text-xs text-red-700" : "mt-1 text-xs text-amber-800"}>
                  {i.column ? `${i.column}: ` : ""}
                  {i.message}
                </p>
              ))}
            </TD>
            <TD className="font-mono text-xs">{r.externalId ?? "—"}</TD>
            <TD className="font-mono text-xs">
              <Identifier v={r.email} />
            </TD>
            {kind === "people" ? (
              <TD className="font-mono text-xs">
                <Identifier v={r.phone} />
              </TD>
            ) : (
              <TD className="text-xs">
                {r.event ? (
                  <>
                    <span className="font-mono">{r.event.name}</span>
                    <div className="text-slate-400">{r.event.occurredAt}</div>
                  </>
                ) : (
                  "—"
                )}
              </TD>
            )}
            <TD className="max-w-64 truncate font-mono text-xs text-slate-600">
              {r.accepted ? (
                Object.keys(r.values).length ? (
                  JSON.stringify(r.values)
                ) : (
                  "—"
                )
              ) : (
                <span className="text-slate-400" title="The row as it is in the file">
                  {(raw[r.row - 1] ?? []).join(" · ") || "empty row"}
                </span>
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function Identifier({ v }: { v: PreviewRow["email"] }) {
  if (!v) return <>—</>;
  if (v.normalized) return <span title={`as typed: ${JSON.stringify(v.raw)}`}>{v.normalized}</span>;
  return (
    <span className="text-red-700" title={v.error ?? undefined}>
      {v.raw}
    </span>
  );
}
