import { createGunzip, createInflate } from "node:zlib";

// Reads a request body up to a byte cap without buffering more than the cap: a declared
// Content-Length over the cap is refused before reading, and a body that keeps streaming past
// it is cut off. Returns the raw bytes, because signatures are computed over them.
//
// `Content-Encoding: gzip` (what Segment's libraries send when compression is on; Segment's
// API accepts it) and `deflate` are decoded here, with the same cap applied to the decoded
// size, so a small compressed body cannot expand past it (a zip bomb stops at the cap).

export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly declared?: number,
  ) {
    super(`Request body is larger than ${Math.round(limit / 1024).toLocaleString("en-US")} KB.`);
  }
}

/** A body we cannot decode: an unsupported Content-Encoding, or compressed data that is corrupt. */
export class BodyEncodingError extends Error {}

async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** Decompresses incrementally, stopping as soon as the output passes the cap. */
function decode(compressed: Buffer, encoding: "gzip" | "deflate", maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = encoding === "gzip" ? createGunzip() : createInflate();
    const chunks: Buffer[] = [];
    let total = 0;
    z.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        z.destroy();
        reject(new BodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    z.on("error", () => reject(new BodyEncodingError(`Request body is not valid ${encoding} data (Content-Encoding: ${encoding}).`)));
    z.on("end", () => resolve(Buffer.concat(chunks, total)));
    z.end(compressed);
  });
}

export async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes, declared);
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (!["identity", "", "gzip", "x-gzip", "deflate"].includes(encoding)) {
    throw new BodyEncodingError(
      `Content-Encoding "${encoding.slice(0, 40)}" is not supported; send the body uncompressed or gzip-compressed.`,
    );
  }
  if (!req.body) return Buffer.alloc(0);
  const raw = await readCapped(req.body, maxBytes);
  if (encoding === "identity" || encoding === "" || raw.length === 0) return raw;
  return decode(raw, encoding === "deflate" ? "deflate" : "gzip", maxBytes);
}
