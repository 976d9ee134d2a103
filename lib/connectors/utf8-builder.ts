// Text built as UTF-8 bytes in one growing buffer: for bodies of a million small pieces (a
// batch's webhook JSON, a first run's COPY rows), where appending to one string and encoding it
// afterwards flattens a rope of every piece and then copies it all again.

export class Utf8Builder {
  private buf: Buffer<ArrayBuffer>;
  private at = 0;
  /** The text's length in UTF-16 units (what `string.length` would say). */
  length = 0;

  constructor(expectedBytes: number) {
    this.buf = Buffer.allocUnsafe(Math.max(1024, expectedBytes));
  }

  append(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.at + s.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + s.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.at += this.buf.write(s, this.at);
    this.length += s.length;
  }

  /** The bytes written so far (a view of the buffer, not a copy). */
  bytes(): Buffer<ArrayBuffer> {
    return this.buf.subarray(0, this.at);
  }
}
