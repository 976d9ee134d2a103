// Splits CSV text into records (one per row, a quoted cell may span lines) without parsing
// the cells, so that one broken row cannot take the rest of the file with it. csv-parse alone
// reads an unclosed quote to the end of the file and then refuses everything after it; here a
// quote still open at the end of the file, or after MAX characters, marks only the line that
// opened it as unreadable, and reading resumes on the next line. Pure and incremental (push
// text as it arrives, memory bounded by `maxRecordChars`), and safe in the browser, so the
// import preview and the import split a file the same way.
//
// Quote rules follow csv-parse with relax_quotes: a quote opens a quoted cell only at the start
// of a cell; inside one, "" is a literal quote and a quote followed by the delimiter or a line
// end closes it; a quote followed by anything else makes the rest of the cell literal text.

export type SplitItem = { kind: "record"; text: string; line: number } | { kind: "unreadable"; line: number; error: string };

export class CsvRecordSplitter {
  private buf = "";
  /** Start of the current record in buf, the scan position, and the line numbers at both. */
  private start = 0;
  private pos = 0;
  private startLine = 1;
  private line = 1;
  private inQuotes = false;
  private cellStart = true;
  private skipping = false;
  private first = true;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars = 1024 * 1024,
  ) {}

  push(text: string): SplitItem[] {
    if (this.first) {
      text = text.replace(/^\uFEFF/, "");
      this.first = false;
    }
    this.buf += text;
    const out = this.scan(false);
    // Keep only the unfinished record: memory stays bounded by one record.
    this.buf = this.buf.slice(this.start);
    this.pos -= this.start;
    this.start = 0;
    return out;
  }

  end(): SplitItem[] {
    const out = this.scan(true);
    if (this.start < this.buf.length && !this.skipping) this.emit(out, this.buf.length);
    this.buf = "";
    this.start = this.pos = 0;
    return out;
  }

  private emit(out: SplitItem[], endIndex: number) {
    let text = this.buf.slice(this.start, endIndex);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text !== "") out.push({ kind: "record", text, line: this.startLine });
  }

  /** The record at `start` cannot be read: report its first line and rescan from the next one. */
  private recover(out: SplitItem[], error: string): boolean {
    out.push({ kind: "unreadable", line: this.startLine, error });
    const nl = this.buf.indexOf("\n", this.start);
    this.inQuotes = false;
    this.cellStart = true;
    if (nl === -1) {
      this.skipping = true; // the opening line itself is longer than the limit: skip to its end
      this.line = this.startLine;
      this.pos = this.buf.length;
      this.start = this.buf.length;
      return false;
    }
    this.pos = this.start = nl + 1;
    this.line = this.startLine = this.startLine + 1;
    return true;
  }

  private scan(final: boolean): SplitItem[] {
    const out: SplitItem[] = [];
    const d = this.delimiter;
    for (;;) {
      while (this.pos < this.buf.length) {
        const c = this.buf[this.pos]!;
        if (this.skipping) {
          this.pos++;
          if (c === "\n") {
            this.skipping = false;
            this.line++;
            this.start = this.pos;
            this.startLine = this.line;
          }
          continue;
        }
        if (this.inQuotes) {
          if (c === '"') {
            if (this.pos + 1 >= this.buf.length && !final) break; // need the next character to decide
            const next = this.buf[this.pos + 1];
            if (next === '"') {
              this.pos += 2;
              continue;
            }
            this.inQuotes = false;
            // A closing quote must end the cell; otherwise the rest of the cell is literal.
            this.cellStart = false;
            this.pos++;
            continue;
          }
          if (c === "\n") this.line++;
          this.pos++;
          continue;
        }
        if (c === "\n") {
          this.emit(out, this.pos);
          this.pos++;
          this.line++;
          this.start = this.pos;
          this.startLine = this.line;
          this.cellStart = true;
          continue;
        }
        if (c === '"' && this.cellStart) this.inQuotes = true;
        this.cellStart = c === d;
        this.pos++;
      }
      if (this.skipping) {
        this.start = this.pos;
        return out;
      }
      const open = this.pos - this.start;
      if (this.inQuotes && (final || open > this.maxRecordChars)) {
        const why = final
          ? "a quote opened on this line is never closed"
          : `a quote opened on this line is still open after ${this.maxRecordChars.toLocaleString("en-US")} characters`;
        if (this.recover(out, why)) continue;
        return out;
      }
      if (!this.inQuotes && open > this.maxRecordChars) {
        out.push({
          kind: "unreadable",
          line: this.startLine,
          error: `the line is longer than ${this.maxRecordChars.toLocaleString("en-US")} characters`,
        });
        this.skipping = true;
        this.start = this.pos;
        return out;
      }
      return out;
    }
  }
}
