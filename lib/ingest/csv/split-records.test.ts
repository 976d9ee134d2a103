import { describe, expect, it } from "vitest";
import { parseRecords } from "@/lib/ingest/csv/parse-records";
import { CsvRecordSplitter } from "@/lib/ingest/csv/split-records";

/** Splits and parses `text` fed in chunks of `size` characters (chunk borders must not matter). */
function rows(text: string, size = text.length, max?: number) {
  const s = new CsvRecordSplitter(",", max);
  const items = [];
  for (let i = 0; i < text.length; i += size) items.push(...s.push(text.slice(i, i + size)));
  items.push(...s.end());
  return parseRecords(items, ",").map((r) => (r.kind === "row" ? [r.line, ...r.cells] : [r.line, `!${r.error}`]));
}

describe("CSV record splitting", () => {
  const file = ["id,name", 'a,"multi', 'line"', 'b,"say ""hi""",x', "c,5'11\",y", "", "d,plain\r", "e,last"].join("\n");

  it("keeps quoted line breaks, escaped and stray quotes, CRLF and blank lines, whatever the chunking", () => {
    const expected = [
      [1, "id", "name"],
      [2, "a", "multi\nline"],
      [4, "b", 'say "hi"', "x"],
      [5, "c", "5'11\"", "y"],
      [7, "d", "plain"],
      [8, "e", "last"],
    ];
    for (const size of [1, 2, 3, 7, 1000]) expect(rows(file, size)).toEqual(expected);
  });

  it("an unclosed quote costs only the line that opened it: the rows after it are read", () => {
    const text = ["id,email", "1,a@b.co", "2,b@b.co", "3,c@b.co", "4,d@b.co", '5,"unclosed@b.co', "6,f@b.co", "7,g@b.co", "8,h@b.co"].join(
      "\n",
    );
    for (const size of [1, 5, 1000]) {
      expect(rows(text, size)).toEqual([
        [1, "id", "email"],
        [2, "1", "a@b.co"],
        [3, "2", "b@b.co"],
        [4, "3", "c@b.co"],
        [5, "4", "d@b.co"],
        [6, "!a quote opened on this line is never closed"],
        [7, "6", "f@b.co"],
        [8, "7", "g@b.co"],
        [9, "8", "h@b.co"],
      ]);
    }
  });

  it("bounds a record: a quote still open after the limit skips its line, and so does an endless line", () => {
    const text = `id,x\n1,"${"a".repeat(50)}\n2,ok\n3,${"b".repeat(80)}\n4,ok\n`;
    expect(rows(text, 16, 40)).toEqual([
      [1, "id", "x"],
      [2, "!a quote opened on this line is still open after 40 characters"],
      [3, "2", "ok"],
      [4, "!the line is longer than 40 characters"],
      [5, "4", "ok"],
    ]);
  });
});
