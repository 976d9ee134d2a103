import { Readable } from "node:stream";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { importConfig } from "@/lib/ingest/csv/import-config";

// CSV import jobs: created with their column mapping before the upload starts, then updated by
// the importer as it goes, which is what the browser's progress bar polls.

export type ImportJobView = {
  id: string;
  kind: string;
  status: string;
  fileName: string;
  fileBytes: number | null;
  bytesRead: number;
  rowsTotal: number;
  rowsImported: number;
  rowsFailed: number;
  warnings: number;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

type JobRow = Awaited<ReturnType<ReturnType<typeof db>["importJob"]["findUniqueOrThrow"]>>;

export function jobView(j: JobRow): ImportJobView {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    fileName: j.fileName,
    fileBytes: j.fileBytes === null ? null : Number(j.fileBytes),
    bytesRead: Number(j.bytesRead),
    rowsTotal: j.rowsTotal,
    rowsImported: j.rowsImported,
    rowsFailed: j.rowsFailed,
    warnings: j.warnings,
    error: j.error,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

export async function createImportJob(actor: Actor, input: z.input<typeof importConfig>): Promise<ImportJobView> {
  requireRole(actor, "admin");
  const config = importConfig.parse(input);
  const job = await db().importJob.create({
    data: {
      kind: config.kind,
      fileName: config.fileName,
      fileBytes: config.fileBytes,
      mapping: config,
      createdById: actor.type === "user" ? actor.id : null,
    },
  });
  return jobView(job);
}

export async function getImportJob(id: string): Promise<ImportJobView> {
  const job = await db().importJob.findUnique({ where: { id } });
  if (!job) throw new AppError("not_found", `No import ${id}.`);
  return jobView(job);
}

export async function listImportJobs(limit = 10): Promise<ImportJobView[]> {
  return (await db().importJob.findMany({ orderBy: { createdAt: "desc" }, take: limit })).map(jobView);
}

/**
 * One cell of the error file. A cell starting with =, +, -, @ (or a tab or carriage return)
 * is run as a formula by Excel and Sheets, and these cells hold what the uploaded file had:
 * prefixed with an apostrophe, as OWASP recommends, so it shows as text.
 */
export const csvField = (v: unknown) => {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export type RowErrorView = { row: number; line: number; column: string | null; value: string | null; severity: string; message: string };

/** The first problems of an import, in file order, for the page that shows the result. */
export async function listRowErrors(jobId: string, limit = 20): Promise<RowErrorView[]> {
  const { rows } = await pool().query<RowErrorView>(
    `SELECT row_number AS row, line, "column", value, severity, message FROM import_row_errors WHERE job_id = $1 ORDER BY severity = 'warning', row_number, id LIMIT $2`,
    [jobId, Math.min(Math.max(limit, 1), 200)],
  );
  return rows;
}

/** The per-row error file as CSV, streamed from the database in pages (it can be large). */
export function errorFileStream(jobId: string): ReadableStream<Uint8Array> {
  async function* lines() {
    yield Buffer.from("row,line,column,value,severity,error\n");
    let after = "0";
    for (;;) {
      const { rows } = await pool().query(
        `SELECT id::text, row_number, line, "column", value, severity, message FROM import_row_errors WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT 5000`,
        [jobId, after],
      );
      if (!rows.length) return;
      yield Buffer.from(
        rows.map((r) => [r.row_number, r.line, r.column, r.value, r.severity, r.message].map(csvField).join(",")).join("\n") + "\n",
      );
      after = rows[rows.length - 1]!.id;
    }
  }
  return Readable.toWeb(Readable.from(lines())) as ReadableStream<Uint8Array>;
}
