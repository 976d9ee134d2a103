import { describe, expect, it } from "vitest";
import { lastRunSummary } from "./run-words";

const run = (status: string, over: Partial<{ added: number; removed: number; failed: number; invalid: number }> = {}) => ({
  status,
  added: 0,
  removed: 0,
  failed: 0,
  invalid: 0,
  ...over,
});

describe("lastRunSummary", () => {
  it("says 'No changes needed' only of a run that finished well with nothing to send", () => {
    expect(lastRunSummary(run("succeeded"))).toBe("No changes needed");
    expect(lastRunSummary(run("failed"))).toBe("Stopped before sending");
    expect(lastRunSummary(run("cancelled"))).toBe("Cancelled before sending");
    expect(lastRunSummary(run("running"))).toBe("Running…");
  });
  it("shows what went out, or that nothing did", () => {
    expect(lastRunSummary(run("partial", { added: 1200, removed: 3, failed: 2 }))).toBe("+1,200 −3");
    expect(lastRunSummary(run("failed", { failed: 126 }))).toBe("Nothing delivered");
  });
});
