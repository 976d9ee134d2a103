// Is this file text we can read as CSV? Checked on the first bytes, before anything is
// imported, in the browser (so the user is told at once) and on the server (which must not
// trust the browser). A spreadsheet or a random binary file must be refused, not imported as
// a one-column CSV of garbage. Browser-safe.

export const SNIFF_BYTES = 64 * 1024;

const MAGIC: [number[], string][] = [
  [
    [0x50, 0x4b, 0x03, 0x04],
    "This is an Excel workbook or a zip file, not a CSV. In your spreadsheet app, use File → Save as / Download → CSV (UTF-8) and import that.",
  ],
  [[0xd0, 0xcf, 0x11, 0xe0], "This is an old Excel (.xls) file, not a CSV. Save it as CSV (UTF-8) and import that."],
  [[0x25, 0x50, 0x44, 0x46], "This is a PDF, not a CSV."],
  [[0x1f, 0x8b], "This is a gzip-compressed file. Decompress it and import the CSV inside."],
];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Null when the sample reads as UTF-8 text, else the reason to show the user. */
export function notTextReason(sample: Uint8Array): string | null {
  for (const [magic, reason] of MAGIC) if (startsWith(sample, magic)) return reason;
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff]))
    return "This file is UTF-16 text. Save it as CSV (UTF-8) and import that.";
  // A stray NUL or control character in an export is one bad cell (refused with its row);
  // more than 1 byte in 100 is not a text file at all.
  let control = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  if (control > sample.length / 100)
    return "This file is not text (it is full of control characters, as binary files are): choose a CSV file.";
  try {
    // stream: true tolerates a multi-byte character cut off at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
  } catch {
    return "This file is not UTF-8 text. Save it as CSV (UTF-8) and import that.";
  }
  return null;
}
