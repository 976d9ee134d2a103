import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import type { ImportConfig } from "@/lib/ingest/csv/import-config";
import { createImportJob, errorFileStream } from "@/lib/ingest/csv/import-jobs";
import { runImport } from "@/lib/ingest/csv/run-import";

const admin = systemActor("test");
const stream = (text: string | Iterable<string> | AsyncIterable<string>) => Readable.toWeb(Readable.from(typeof text === "string" ? [text] : text)) as ReadableStream<Uint8Array>;
const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;
const readAll = async (s: ReadableStream<Uint8Array>) => new Response(s).text();

const peopleConfig: ImportConfig = {
  kind: "people", fileName: "people.csv", delimiter: ",",
  columns: [{ to: "external_id" }, { to: "email" }, { to: "phone" }, { to: "attribute", name: "ltv", type: "number" }, { to: "attribute", name: "vip", type: "boolean" }, { to: "ignore" }],
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
    expect(file).toContain("4,5,,,error,\"no identifier");
    expect(file).toContain("5,6,,,error,no usable identifier: the email is invalid (empty domain)");
    expect(file).toContain("6,7,vip,maybe,error");
    expect(file).toContain("7,8,,,error,row has 5 fields; the header has 6");
  });

  it("imports events idempotently (re-importing the same file stores each event once)", async () => {
    const config: ImportConfig = {
      kind: "events", fileName: "events.csv", delimiter: ";",
      columns: [{ to: "external_id" }, { to: "event_name" }, { to: "timestamp" }, { to: "property", name: "total", type: "number" }],
    };
    const csv = "user;event;at;total\nc1;Order Completed;2026-06-01T10:00:00Z;42.5\nc1;Order Completed;1717236000;10\nc9;Refund;yesterday;1\n";
    for (let i = 0; i < 2; i++) {
      const job = await createImportJob(admin, config);
      expect(await runImport(admin, job.id, stream(csv))).toMatchObject({ status: "succeeded", rowsImported: 2, rowsFailed: 1 });
    }
    const rows = await q(`SELECT e.name, e.properties, e.occurred_at FROM events e JOIN profiles p ON p.id = e.profile_id WHERE p.external_id = 'c1' ORDER BY occurred_at`);
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

  it("fails clearly on an unreadable file and on a header that does not match the mapping, keeping earlier rows", async () => {
    const broken = await createImportJob(admin, { ...peopleConfig, fileName: "broken.csv" });
    const result = await runImport(admin, broken.id, stream('id,email,phone,ltv,vip,notes\nok-1,a@b.co,,1,no,x\nok-2,"unclosed,,1,no,x\n'));
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/could not be read past line \d+: .*quote/i);
    const mismatch = await createImportJob(admin, { ...peopleConfig, fileName: "other.csv" });
    expect((await runImport(admin, mismatch.id, stream("a,b\n1,2\n"))).error).toContain("header has 2 columns but the mapping has 6");
    await expect(runImport(admin, mismatch.id, stream("a,b\n"))).rejects.toThrow("already been started");
  });
});
