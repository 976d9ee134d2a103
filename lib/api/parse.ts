import type { z } from "zod";
import { AppError, type FieldIssue } from "@/lib/errors";
import { BodyEncodingError, BodyTooLarge, readBody } from "@/lib/http/read-body";
import { humanizeIssue } from "@/lib/validation/human-issue";

const DEFAULT_MAX_BODY = 1024 * 1024;

/** Reads a JSON body with a size cap; malformed JSON and oversize bodies become precise 4xx errors. */
export async function readJsonBody(req: Request, maxBytes = DEFAULT_MAX_BODY, opts: { optional?: boolean } = {}): Promise<unknown> {
  let text: string;
  try {
    text = (await readBody(req, maxBytes)).toString("utf8");
  } catch (e) {
    if (e instanceof BodyTooLarge) throw new AppError("payload_too_large", e.message);
    if (e instanceof BodyEncodingError) throw new AppError("bad_request", e.message);
    throw e;
  }
  if (text.trim() === "" && opts.optional) return {};
  if (text.trim() === "") throw new AppError("bad_request", "Request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Each issue with its full path and the human message (lib/validation/human-issue.ts). */
export function zodIssues(error: z.ZodError, where: string): FieldIssue[] {
  return error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: humanizeIssue(i).message }));
}
