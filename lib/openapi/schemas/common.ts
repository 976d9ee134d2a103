import { z } from "zod";

// Shared pieces of the response schemas. These describe what the API sends; the request
// schemas stay with the domain functions that validate them.

export const timestamp = z.iso.datetime({ offset: true });
export const nullableTimestamp = timestamp.nullable();
/** Free-form JSON the API passes through (settings, definitions, stats). */
export const jsonObject = z.record(z.string(), z.unknown());
export const role = z.enum(["viewer", "editor", "admin"]);
export const nextCursor = z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page.");

export const errorBody = z
  .object({
    error: z
      .object({
        code: z.enum([
          "bad_request",
          "validation_failed",
          "unauthorized",
          "forbidden",
          "not_found",
          "conflict",
          "payload_too_large",
          "rate_limited",
          "internal",
          "unavailable",
        ]),
        message: z.string().describe("Written for the person reading it: says what was wrong and, where it can, what to send."),
        issues: z
          .array(z.object({ path: z.string().describe('Where: "body.settings.url", "query.limit".'), message: z.string() }))
          .optional(),
      })
      .catchall(z.unknown()),
  })
  .meta({ id: "Error", description: "Every error, with the HTTP status matching `code`." });

export const deleted = z.object({ deleted: z.literal(true) }).meta({ id: "Deleted" });
