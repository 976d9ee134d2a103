import { Readable, Transform } from "node:stream";
import { parse } from "csv-parse";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defaultCountry } from "@/lib/identity/default-country";
import { importConfig } from "@/lib/ingest/csv/import-config";
import { getImportJob, type ImportJobView } from "@/lib/ingest/csv/import-jobs";
import { rowToMessage, type RowIssue } from "@/lib/ingest/csv/row-to-message";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";

// Streams an uploaded CSV into the database: request body -> byte counter -> csv-parse ->
// chunks of CHUNK rows -> the shared writer. Each chunk is awaited before more is read, so
// memory stays flat whatever the file size (a 100 MB file is never held in memory), and the
// job row is updated per chunk for the progress bar. A parse error that makes the rest of the
// file unreadable (an unclosed quote) fails the job; rows before it stay imported.

const CHUNK = 2_000;
const MAX_ERROR_ROWS = 100_000;
const MAX_RECORD_BYTES = 1024 * 1024;

type Pending = { issues: (RowIssue & { row: number; line: number })[] };

export async function runImport(actor: Actor, jobId: string, body: ReadableStream<Uint8Array> | null): Promise<ImportJobView> {
  requireRole(actor, "admin");
  const claimed = await db().importJob.updateMany({ where: { id: jobId, status: "pending" }, data: { status: "running", startedAt: new Date() } });
  if (!claimed.count) throw new AppError("conflict", "This import has already been started; create a new one to upload again.");
  const job = await db().importJob.findUniqueOrThrow({ where: { id: jobId } });
  const config = importConfig.parse(job.mapping);
  const country = await defaultCountry();
  const receivedAt = new Date();
  let bytes = 0;
  const counter = new Transform({ transform(chunk: Buffer, _e, done) { bytes += chunk.length; done(null, chunk); } });
  const parser = parse({ delimiter: config.delimiter, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES, info: true });
  const input = body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : Readable.from([]);
  input.on("error", (e) => parser.destroy(e));
  input.pipe(counter).pipe(parser);

  const totals = { rows: 0, imported: 0, failed: 0, warnings: 0, errorRows: 0 };
  let header: string[] | null = null;
  let chunk: IngestMessage[] = [];
  let pending: Pending = { issues: [] };

  const flush = async () => {
    if (chunk.length) await writeMessages(chunk, { sourceId: null, receivedAt, country });
    const issues = pending.issues.slice(0, Math.max(0, MAX_ERROR_ROWS - totals.errorRows));
    if (issues.length) {
      await pool().query(
        `INSERT INTO import_row_errors (job_id, row_number, line, "column", value, severity, message)
         SELECT $1, row, line, col, value, severity, message FROM json_to_recordset($2::json) AS r(row int, line int, col text, value text, severity text, message text)`,
        [jobId, JSON.stringify(issues.map((i) => ({ row: i.row, line: i.line, col: i.column, value: i.value?.slice(0, 500) ?? null, severity: i.severity, message: i.message })))],
      );
      totals.errorRows += issues.length;
    }
    await db().importJob.update({
      where: { id: jobId },
      data: { bytesRead: bytes, rowsTotal: totals.rows, rowsImported: totals.imported, rowsFailed: totals.failed, warnings: totals.warnings },
    });
    chunk = [];
    pending = { issues: [] };
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        if (header.length !== config.columns.length) throw new AppError("bad_request", `The file's header has ${header.length} columns but the mapping has ${config.columns.length}; was the file changed?`);
        continue;
      }
      totals.rows++;
      const result = rowToMessage(record, header, config, country, receivedAt);
      for (const issue of result.issues) pending.issues.push({ ...issue, row: totals.rows, line: info.lines });
      if (result.issues.some((i) => i.severity === "warning")) totals.warnings++;
      if (result.message) {
        chunk.push(result.message);
        totals.imported++;
      } else totals.failed++;
      if (chunk.length >= CHUNK || pending.issues.length >= CHUNK) await flush();
    }
    if (!header) throw new AppError("bad_request", "The file is empty: expected a header row.");
    await flush();
    await db().importJob.update({ where: { id: jobId }, data: { status: "succeeded", finishedAt: new Date(), bytesRead: bytes } });
  } catch (e) {
    await flush().catch(() => {});
    const message = e instanceof AppError ? e.message : parseErrorMessage(e);
    await db().importJob.update({ where: { id: jobId }, data: { status: "failed", error: message, finishedAt: new Date(), bytesRead: bytes } });
    if (!(e instanceof AppError) && !isCsvError(e)) throw e;
  }
  return getImportJob(jobId);
}

const isCsvError = (e: unknown) => typeof (e as { code?: unknown })?.code === "string" && String((e as { code: string }).code).startsWith("CSV_");

function parseErrorMessage(e: unknown): string {
  if (isCsvError(e)) {
    const err = e as { message: string; lines?: number };
    return `The file could not be read past line ${err.lines ?? "?"}: ${err.message}. Rows before it were imported.`;
  }
  return "The import stopped on an internal error; rows before it were imported. Try again or contact an admin.";
}
