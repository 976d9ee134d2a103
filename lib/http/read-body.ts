// Reads a request body up to a byte cap without buffering more than the cap: a declared
// Content-Length over the cap is refused before reading, and a body that keeps streaming past
// it is cut off. Returns the raw bytes, because signatures are computed over them.

export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly declared?: number) {
    super(`Request body is larger than ${Math.round(limit / 1024).toLocaleString("en-US")} KB.`);
  }
}

export async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes, declared);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
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
