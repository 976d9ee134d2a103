"use client";

import { useEffect, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCount, formatNumber } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { importConfig, type ColumnTarget, type ImportConfig, type ImportKind } from "@/lib/ingest/csv/import-config";
import type { PreviewRow } from "@/lib/ingest/csv/preview-rows";
import { previewImportAction } from "./actions";
import { formatBytes, ImportRun } from "./import-run";
import { MappingTable } from "./mapping-table";
import { PreviewTable } from "./preview-table";
import { guessTarget, readPreview, type Preview } from "./read-preview";

// CSV import in three steps: choose a file (only its first rows are read here), map its
// columns with a live preview of exactly what will be stored, then run the import.

export function ImportWizard({ defaultCountry }: { defaultCountry: string }) {
  const [kind, setKind] = useState<ImportKind>("people");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [columns, setColumns] = useState<ColumnTarget[]>([]);
  const [eventName, setEventName] = useState("");
  const [rows, setRows] = useState<PreviewRow[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState<ImportConfig | null>(null);

  async function choose(f: File | null, k = kind) {
    setFile(f);
    setPreview(null);
    setRows(null);
    setProblem(null);
    if (!f) return;
    try {
      const p = await readPreview(f);
      setPreview(p);
      setColumns(
        p.header.map((h, i) =>
          guessTarget(
            h,
            p.rows.map((r) => r[i] ?? ""),
            k,
          ),
        ),
      );
    } catch (e) {
      setProblem(`Could not read the file: ${(e as Error).message}`);
    }
  }

  const config = useMemo(() => {
    if (!file || !preview) return null;
    return importConfig.safeParse({
      kind,
      fileName: file.name,
      fileBytes: file.size,
      delimiter: preview.delimiter,
      columns,
      eventName: eventName.trim() || undefined,
    });
  }, [kind, file, preview, columns, eventName]);

  // Re-run the server-side preview whenever the mapping changes (debounced). An invalid mapping
  // shows no preview: the card below renders only while the config parses.
  useEffect(() => {
    if (!config?.success || !preview) return;
    const t = setTimeout(async () => {
      const result = await previewImportAction({
        config: config.data,
        header: preview.header,
        rows: preview.rows.slice(0, 10),
        lines: preview.lines.slice(0, 10),
      });
      if (result.ok) setRows(result.rows);
      else setProblem(result.error);
    }, 250);
    return () => clearTimeout(t);
  }, [config, preview]);

  if (running && file)
    return (
      <ImportRun
        file={file}
        config={running}
        onReset={() => {
          setRunning(null);
          void choose(null);
        }}
      />
    );

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="1. Choose a file"
          description={`CSV with a header row, UTF-8. Phones without a +country code are read as ${defaultCountry} numbers.`}
        />
        <CardBody className="space-y-4">
          <fieldset className="flex gap-6 text-sm">
            <legend className="sr-only">What the file contains</legend>
            {(["people", "events"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    void choose(file, k);
                  }}
                />
                {k === "people" ? "People (one row per person)" : "Events (one row per event)"}
              </label>
            ))}
          </fieldset>
          <Field label="CSV file" htmlFor="csv-file">
            <input
              id="csv-file"
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => void choose(e.target.files?.[0] ?? null)}
              className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
            />
          </Field>
          {file && preview && (
            <p className="text-xs text-slate-500">
              {file.name} · {formatBytes(file.size)} · {preview.header.length} columns · delimiter{" "}
              {preview.delimiter === "\t" ? "tab" : `“${preview.delimiter}”`}
            </p>
          )}
          {problem && <Alert tone="error">{problem}</Alert>}
          {preview && preview.unreadable.length > 0 && (
            <Alert tone="warning" title={`${formatCount(preview.unreadable.length, "line")} near the top cannot be read`}>
              {preview.unreadable.map((u) => `Line ${formatNumber(u.line)}: ${u.error}.`).join(" ")} The import refuses{" "}
              {preview.unreadable.length === 1 ? "that row" : "those rows"}, lists {preview.unreadable.length === 1 ? "it" : "them"} in the
              error file, and imports the rest.
            </Alert>
          )}
        </CardBody>
      </Card>

      {preview && (
        <Card>
          <CardHeader title="2. Map columns" description="Where each column goes. Empty cells never erase a stored value." />
          <CardBody className="space-y-4">
            <MappingTable kind={kind} header={preview.header} samples={preview.rows} columns={columns} onChange={setColumns} />
            {kind === "events" && !columns.some((c) => c.to === "event_name") && (
              <Field
                label="Event name for every row"
                htmlFor="event-name"
                hint="No column holds the event name, so every row gets this one."
              >
                <Input id="event-name" value={eventName} onChange={(e) => setEventName(e.target.value)} maxLength={200} />
              </Field>
            )}
            {config && !config.success && <Alert tone="warning">{config.error.issues.map((i) => i.message).join(" · ")}</Alert>}
          </CardBody>
        </Card>
      )}

      {rows && config?.success && (
        <Card>
          <CardHeader
            title="3. Preview and import"
            description={`The first ${rows.length} rows, checked and normalized exactly as the import will do it.`}
          />
          <CardBody className="space-y-4">
            <PreviewTable rows={rows} kind={kind} raw={preview?.rows ?? []} />
            <Button onClick={() => setRunning(config.data)}>Import {file?.name}</Button>
          </CardBody>
        </Card>
      )}
    </div>
  );
}
