import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionFailure, parseInput } from "@/lib/actions/action-result";
import { AppError } from "@/lib/errors";

describe("server action failures", () => {
  const form = z.object({
    name: z.string().trim().min(1, "Give the token a name").max(80),
    every: z.number().int().min(1).meta({ label: "Run every (minutes)" }),
  });

  it("returns every field's human message at once, and a summary that names them", () => {
    const r = parseInput(form, { name: "", every: 0 });
    expect(r).toEqual({
      ok: false,
      error: "Fix 2 problems: Give the token a name; Run every (minutes) must be at least 1.",
      fieldErrors: { name: "Give the token a name", every: "Run every (minutes) must be at least 1" },
    });
  });

  it("humanizes a ZodError thrown deeper in lib, and keys API-style issues by field and by path", () => {
    const thrown = (() => {
      try {
        z.object({ intervalMinutes: z.number().max(1440) }).parse({ intervalMinutes: 1_000_000 });
      } catch (e) {
        return e;
      }
    })();
    expect(actionFailure(thrown, "test")).toEqual({
      ok: false,
      error: "Interval minutes must be 1,440 or less.",
      fieldErrors: { intervalMinutes: "Interval minutes must be 1,440 or less" },
    });
    const app = new AppError("bad_request", "Invalid segment definition", {
      issues: [{ path: "definition.conditions.0.segmentId", message: "Pick a segment" }],
    });
    expect(actionFailure(app, "test").fieldErrors).toEqual({
      segmentId: "Pick a segment",
      "definition.conditions.0.segmentId": "Pick a segment",
    });
  });

  it("refuses text Postgres cannot store before any query, naming the field", () => {
    const nul = parseInput(form, { name: "a\u0000b", every: 5 });
    expect(nul).toEqual({
      ok: false,
      error: expect.stringContaining("NUL"),
      fieldErrors: { name: expect.stringMatching(/^Name contains a NUL character/) },
    });
    const surrogate = parseInput(z.object({ rule: z.object({ displayName: z.string() }) }), { rule: { displayName: "\ud800" } });
    expect(surrogate.ok).toBe(false);
    expect(!surrogate.ok && surrogate.fieldErrors).toEqual({
      "rule.displayName": expect.stringMatching(/^Display name contains an unpaired UTF-16 surrogate/),
    });
  });
});
