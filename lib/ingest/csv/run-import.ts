import { Readable } from "node:stream";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { db, pool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { defaultCountry } from "@/lib/identity/default-country";
import { importConfig } from "@/lib/ingest/csv/import-config";
import { getImportJob, type ImportJobView } from "@/lib/ingest/csv/import-jobs";
import { DuplicateRows } from "@/lib/ingest/csv/duplicate-rows";
import { parseRecords, type CsvRow } from "@/lib/ingest/csv/parse-records";
import { rowToMessage, type RowIssue } from "@/lib/ingest/csv/row-to-message";
import { notTextReason, SNIFF_BYTES } from "@/lib/ingest/csv/sniff-text";
import { CsvRecordSplitter } from "@/lib/ingest/csv/split-records";
import type { IngestMessage } from "@/lib/ingest/message";
import { writeMessages } from "@/lib/ingest/write/write-messages";

// Streams an uploaded CSV into the database: request body -> byte counter -> UTF-8 decoder ->
// record splitter -> csv-parse per group of records -> chunks of CHUNK rows -> the shared
// writer. Each chunk is awaited before more is read, so memory stays flat whatever the file
// size (a 100 MB file is never held in memory), and the job row is updated per chunk for the
// progress bar. A file that is not text is refused before any row is imported. A row that
// cannot be read (an unclosed quote) is one refused row with its line number; the rows after
// it are read and imported as usual.

const CHUNK = 2_000;
const MAX_ERROR_ROWS = 100_000;
const MAX_RECORD_CHARS = 1024 * 1024;

/** At most 500 characters of a cell for the error file, never ending in half a surrogate pair. */
const clip = (v: string) =>
  v
    .slice(0, 500)
    .replace(/[\ud800-\udbff]$/, "")
    .replace(/\u0000/g, "");

type Pending = { issues: (RowIssue & { row: number; line: number })[] };

export async function runImport(actor: Actor, jobId: string, body: ReadableStream<Uint8Array> | null): Promise<ImportJobView> {
  requireRole(actor, "admin");
  const claimed = await db().importJob.updateMany({
    where: { id: jobId, status: "pending" },
    data: { status: "running", startedAt: new Date() },
  });
  if (!claimed.count) throw new AppError("conflict", "This import has already been started; create a new one to upload again.");
  const job = await db().importJob.findUniqueOrThrow({ where: { id: jobId } });
  const config = importConfig.parse(job.mapping);
  const country = await defaultCountry();
  const receivedAt = new Date();
  let bytes = 0;
  const input = body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : Readable.from([]);
  const splitter = new CsvRecordSplitter(config.delimiter, MAX_RECORD_CHARS);
  const decoder = new TextDecoder("utf-8");
  const duplicates = new DuplicateRows(config);

  const totals = { rows: 0, imported: 0, failed: 0, warnings: 0, errorRows: 0 };
  let header: string[] | null = null;
  let chunk: IngestMessage[] = [];
  let chunkRows: { row: number; line: number }[] = [];
  let pending: Pending = { issues: [] };

  const flush = async () => {
    if (chunk.length) {
      const written = await writeMessages(chunk, { sourceId: null, receivedAt, country });
      for (const f of written.failed) {
        pending.issues.push({ ...chunkRows[f.position]!, column: null, value: null, severity: "error", message: `the row ${f.error}` });
        totals.imported--;
        totals.failed++;
      }
    }
    const issues = pending.issues.slice(0, Math.max(0, MAX_ERROR_ROWS - totals.errorRows));
    if (issues.length) {
      await pool().query(
        `INSERT INTO import_row_errors (job_id, row_number, line, "column", value, severity, message)
         SELECT $1, row, line, col, value, severity, message FROM json_to_recordset($2::json) AS r(row int, line int, col text, value text, severity text, message text)`,
        [
          jobId,
          JSON.stringify(
            issues.map((i) => ({
              row: i.row,
              line: i.line,
              col: i.column?.replace(/\u0000/g, "") ?? null,
              value: i.value === null ? null : clip(i.value),
              severity: i.severity,
              message: i.message,
            })),
          ),
        ],
      );
      totals.errorRows += issues.length;
    }
    await db().importJob.update({
      where: { id: jobId },
      data: {
        bytesRead: bytes,
        rowsTotal: totals.rows,
        rowsImported: totals.imported,
        rowsFailed: totals.failed,
        warnings: totals.warnings,
      },
    });
    chunk = [];
    chunkRows = [];
    pending = { issues: [] };
  };

  const handle = async (row: CsvRow) => {
    if (!header) {
      if (row.kind === "unreadable") throw new AppError("bad_request", `The header row (line ${row.line}) cannot be read: ${row.error}.`);
      header = row.cells.map((h) => h.trim());
      if (header.length !== config.columns.length)
        throw new AppError(
          "bad_request",
          `The file's header has ${header.length} columns but the mapping has ${config.columns.length}; was the file changed?`,
        );
      return;
    }
    totals.rows++;
    const result: { message: IngestMessage | null; issues: RowIssue[] } =
      row.kind === "unreadable"
        ? {
            message: null,
            issues: [
              { column: null, value: null, severity: "error", message: `this line cannot be read: ${row.error}; the row was skipped` },
            ],
          }
        : rowToMessage(row.cells, header, config, country, receivedAt);
    const duplicate = result.message ? duplicates.check(result.message, header, row.line) : null;
    if (duplicate) result.issues = [duplicate];
    for (const issue of result.issues) pending.issues.push({ ...issue, row: totals.rows, line: row.line });
    if (!duplicate && result.issues.some((i) => i.severity === "warning")) totals.warnings++;
    if (result.message && !duplicate) {
      chunk.push(result.message);
      chunkRows.push({ row: totals.rows, line: row.line });
      totals.imported++;
    } else totals.failed++;
    if (chunk.length >= CHUNK || pending.issues.length >= CHUNK) await flush();
  };

  try {
    let sniff: Buffer[] | null = [];
    let sniffed = 0;
    const feed = async (text: string, final: boolean) => {
      const items = [...splitter.push(text), ...(final ? splitter.end() : [])];
      for (const row of parseRecords(items, config.delimiter)) await handle(row);
    };
    const startReading = async () => {
      const sample = Buffer.concat(sniff!);
      sniff = null;
      const reason = notTextReason(sample.subarray(0, SNIFF_BYTES));
      if (reason) throw new AppError("bad_request", reason);
      await feed(decoder.decode(sample, { stream: true }), false);
    };
    for await (const piece of input as AsyncIterable<Buffer>) {
      bytes += piece.length;
      if (sniff) {
        sniff.push(piece);
        sniffed += piece.length;
        if (sniffed >= SNIFF_BYTES) await startReading();
        continue;
      }
      await feed(decoder.decode(piece, { stream: true }), false);
    }
    if (sniff) await startReading();
    await feed(decoder.decode(), true);
    if (!header) throw new AppError("bad_request", "The file is empty: expected a header row.");
    await flush();
    await db().importJob.update({ where: { id: jobId }, data: { status: "succeeded", finishedAt: new Date(), bytesRead: bytes } });
  } catch (e) {
    await flush().catch(() => {});
    const message =
      e instanceof AppError
        ? e.message
        : "The import stopped on an internal error; rows before it were imported. Try again or contact an admin.";
    await db().importJob.update({
      where: { id: jobId },
      data: { status: "failed", error: message, finishedAt: new Date(), bytesRead: bytes },
    });
    if (!(e instanceof AppError)) throw e;
  }
  return getImportJob(jobId);
}
