import { describe, expect, it } from "vitest";
import { describeSchedule, retryDelayMs, throttleDelayMs } from "@/lib/delivery/retry-schedule";
import { DEFAULT_RETRY_SCHEDULE } from "@/lib/streams/stream-schemas";

describe("retry schedule", () => {
  it("waits the schedule's delay after each failure, jittered by at most 20%, and is spent after the last", () => {
    const schedule = [0, 5, 300];
    expect(retryDelayMs(schedule, 1, () => 0.5)).toBe(0);
    expect(retryDelayMs(schedule, 2, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(schedule, 2, () => 0)).toBe(4_000);
    expect(retryDelayMs(schedule, 2, () => 1)).toBe(6_000);
    expect(retryDelayMs(schedule, 3, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(schedule, 4)).toBeNull();
  });

  it("honours Retry-After within 1 s..1 h, else backs off from 1 s doubling to a minute", () => {
    expect(throttleDelayMs(30_000, 1)).toBe(30_000);
    expect(throttleDelayMs(10, 1)).toBe(1_000);
    expect(throttleDelayMs(10 * 3_600_000, 1)).toBe(3_600_000);
    expect([1, 2, 3, 10].map((n) => throttleDelayMs(undefined, n))).toEqual([1_000, 2_000, 4_000, 60_000]);
  });

  it("describes the default schedule in words: about a day", () => {
    expect(describeSchedule(DEFAULT_RETRY_SCHEDULE)).toBe("immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day in all)");
  });
});
