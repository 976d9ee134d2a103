import type { z } from "zod";
import { AppError, type FieldIssue } from "@/lib/errors";

const DEFAULT_MAX_BODY = 1024 * 1024;

/** Reads a JSON body with a size cap; malformed JSON and oversize bodies become precise 4xx errors. */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_MAX_BODY): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(req, maxBytes);
  if (text.trim() === "") throw new AppError("bad_request", "Request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `Request body is not valid JSON: ${(e as Error).message}`);
  }
}

async function readCapped(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `Request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}

export function zodIssues(error: z.ZodError, where: string): FieldIssue[] {
  return error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message }));
}
