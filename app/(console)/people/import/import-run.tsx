"use client";

import { clsx } from "clsx";
import { Download } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { formatCount, formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { ImportConfig } from "@/lib/ingest/csv/import-config";
import type { ImportJobView, RowErrorView } from "@/lib/ingest/csv/import-jobs";

// Runs one import: create the job with the mapping, send the file as the body of one PUT (the
// browser streams it from disk; it is never read into memory here), and poll the job for the
// progress bar. XMLHttpRequest rather than fetch because only it reports upload progress.

type Props = { file: File; config: ImportConfig; onReset: () => void };

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${formatNumber(Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

async function createJob(config: ImportConfig): Promise<ImportJobView> {
  const res = await fetch("/api/ingest/csv", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `Could not start the import (${res.status}).`);
  return body.job;
}

type Finished = { job: ImportJobView; errors: RowErrorView[] };

function upload(jobId: string, file: File, onProgress: (bytes: number) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `/api/ingest/csv/${jobId}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText);
        if (xhr.status >= 400) reject(new Error(body?.error?.message ?? `Upload failed (${xhr.status}).`));
        else resolve({ job: body.job, errors: body.errors ?? [] });
      } catch {
        reject(new Error(`Upload failed (${xhr.status}).`));
      }
    };
    xhr.onerror = () =>
      reject(
        new Error(
          "The connection was lost during the upload. Rows already processed are kept; import the file again to finish (re-importing is safe).",
        ),
      );
    xhr.send(file);
  });
}

export function ImportRun({ file, config, onReset }: Props) {
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [uploaded, setUploaded] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<RowErrorView[]>([]);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    let timer: ReturnType<typeof setInterval> | undefined;
    (async () => {
      try {
        const created = await createJob(config);
        setJob(created);
        timer = setInterval(async () => {
          const res = await fetch(`/api/ingest/csv/${created.id}`, { cache: "no-store" }).catch(() => null);
          if (!res?.ok) return;
          const body = (await res.json()) as { job: ImportJobView };
          // The upload's own answer is final; a poll that lands after it must not overwrite it.
          setJob((current) => (current?.finishedAt ? current : body.job));
        }, 700);
        const finished = await upload(created.id, file, setUploaded);
        setJob(finished.job);
        setProblems(finished.errors);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        clearInterval(timer);
      }
    })();
    return () => clearInterval(timer);
  }, [config, file]);

  const done = !!job?.finishedAt;
  const processed = job ? Math.min(job.bytesRead, file.size) : 0;
  const pct = done ? 100 : file.size ? Math.floor((Math.max(processed, uploaded * 0.98) / file.size) * 100) : 0;
  return (
    <div className="space-y-4">
      <div>
        <div className="mb-1 flex justify-between text-sm">
          <span className="font-medium text-slate-800">{done ? "Import finished" : error ? "Import stopped" : "Importing…"}</span>
          <span className="text-slate-500 tabular-nums">{pct}%</span>
        </div>
        <div
          className="h-2 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label="Import progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
        >
          <div
            className={clsx("h-full", done && job?.status === "failed" ? "bg-red-500" : "bg-indigo-500", !done && "transition-[width]")}
            style={{ width: `${pct}%` }}
          />
        </div>
        <p className="mt-1 text-xs text-slate-500 tabular-nums">
          {formatNumber(job?.rowsTotal ?? 0)} rows read · {formatNumber(job?.rowsImported ?? 0)} imported ·{" "}
          {formatNumber(job?.rowsFailed ?? 0)} refused · {formatNumber(job?.warnings ?? 0)} with warnings · {formatBytes(uploaded)} of{" "}
          {formatBytes(file.size)} sent
        </p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      {done && job && <Summary job={job} />}
      {done && problems.length > 0 && <Problems problems={problems} job={job!} />}
      {(done || error) && (
        <div className="flex gap-2">
          {job && (job.rowsFailed > 0 || job.warnings > 0) && (
            <a href={`/api/ingest/csv/${job.id}/errors`} download className={buttonClasses({ variant: "secondary" })}>
              <Download aria-hidden />
              Download error file
            </a>
          )}
          <Link href="/people" className={buttonClasses({ variant: "secondary" })}>
            Go to People
          </Link>
          <Button variant="ghost" onClick={onReset}>
            Import another file
          </Button>
        </div>
      )}
    </div>
  );
}

function Summary({ job }: { job: ImportJobView }) {
  if (job.status === "failed")
    return (
      <Alert tone="error" title="The import stopped">
        {job.error}
      </Alert>
    );
  const tone = job.rowsFailed ? "warning" : "success";
  return (
    <Alert tone={tone} title={`${formatNumber(job.rowsImported)} of ${formatCount(job.rowsTotal, "row")} imported`}>
      {job.rowsFailed
        ? `${formatCount(job.rowsFailed, "row was", "rows were")} refused; they are listed below with their line in the file, and in the error file. `
        : "Every row was imported. "}
      {job.warnings
        ? `${formatNumber(job.warnings)} imported ${job.warnings === 1 ? "row has" : "rows have"} an email or phone that will not match (kept as typed).`
        : ""}
    </Alert>
  );
}

/** The first refused rows (and warnings), with the line of the file each is on. */
function Problems({ problems, job }: { problems: RowErrorView[]; job: ImportJobView }) {
  const listed = job.rowsFailed + job.warnings;
  return (
    <section aria-label="Rows with problems" className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900">Rows with problems</h3>
      <Table>
        <THead>
          <TR>
            <TH>Line</TH>
            <TH>Result</TH>
            <TH>Column</TH>
            <TH>Value</TH>
            <TH>Problem</TH>
          </TR>
        </THead>
        <TBody>
          {problems.map((p, i) => (
            <TR key={i} data-testid="import-problem">
              <TD className="tabular-nums">{formatNumber(p.line)}</TD>
              <TD className={p.severity === "error" ? "text-red-700" : "text-amber-800"}>
                {p.severity === "error" ? "Refused" : "Imported, with warning"}
              </TD>
              <TD>{p.column ?? "—"}</TD>
              <TD className="max-w-48 truncate font-mono text-xs">{p.value ?? "—"}</TD>
              <TD className="text-xs">{p.message.charAt(0).toUpperCase() + p.message.slice(1)}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {listed > problems.length && (
        <p className="text-xs text-slate-500">Showing the first {formatNumber(problems.length)}; the error file lists every one.</p>
      )}
    </section>
  );
}
