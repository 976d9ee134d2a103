import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { findJsonProblem } from "@/lib/ingest/json-guard";
import { logger } from "@/lib/logger";
import { humanizeIssue, safeParseHuman } from "@/lib/validation/human-issue";

// What every server action returns to the browser. Expected failures (AppError, invalid
// input) carry their message; anything else is logged here and shown generically, so a
// stack trace or SQL error never reaches the client.
export type FieldErrors = Record<string, string>;
export type ActionFailure = { ok: false; error: string; fieldErrors?: FieldErrors };
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

/** Parses action input; on failure returns a result with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | ActionFailure {
  // Text Postgres cannot store (NUL, a lone surrogate) is refused here, naming the field, as the
  // API's handler does: reaching a query it would fail with a generic error (and Prisma batches
  // same-tick lookups, so it could fail someone else's request too).
  const unstorable = findJsonProblem(input);
  if (unstorable) {
    const field = unstorable.path || "input";
    const fields = { [field]: `${humanField(field)} ${unstorable.error}` };
    return { ok: false, error: invalidSummary(fields), fieldErrors: fields };
  }
  const parsed = safeParseHuman(schema, input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = fieldErrors(parsed.error);
  return { ok: false, error: invalidSummary(fields), fieldErrors: fields };
}

/** "definition.conditions.0.event" → "Event": the last named part of a path, in words. */
function humanField(path: string): string {
  const name =
    path
      .split(".")
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path;
  const words = name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The form-level message: every problem by name, so it stays true on a screen that does not
 * show some field (a wizard step not open, a field a form does not render).
 */
export function invalidSummary(fields: FieldErrors): string {
  const messages = [...new Set(Object.values(fields))];
  if (messages.length === 1) return `${messages[0]}.`;
  return `Fix ${messages.length} problems: ${messages.join("; ")}.`;
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    out[key] ??= humanizeIssue(issue).message;
  }
  return out;
}

export function actionFailure(e: unknown, action: string): ActionFailure {
  if (isAppError(e)) {
    const issues = e.details?.issues;
    // Keyed by the field's own name (what simple forms use) and by its full path without the
    // "body." / "input." prefix (what nested forms, e.g. the segment builder's rules, use).
    const fields = issues?.length
      ? Object.fromEntries(
          issues
            .flatMap((i) => [
              [i.path.split(".").pop() ?? i.path, i.message],
              [i.path.replace(/^(body|input|query)\./, ""), i.message],
            ])
            .reverse(),
        )
      : undefined;
    return { ok: false, error: e.message, fieldErrors: fields };
  }
  if (e instanceof z.ZodError) {
    const fields = fieldErrors(e);
    return { ok: false, error: invalidSummary(fields), fieldErrors: fields };
  }
  logger.error({ err: e, action }, "server action failed");
  return { ok: false, error: "Something went wrong on our side. Try again, and tell an admin if it keeps happening." };
}
