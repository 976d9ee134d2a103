import { afterAll, describe, expect, it } from "vitest";
import { ensureQueue, queue, stopQueue } from "@/lib/jobs/queue";

afterAll(() => stopQueue());

describe("ensureQueue", () => {
  it("creates each queue once while sends and other creations run at the same time", async () => {
    const boss = await queue();
    await ensureQueue("busy");
    const names = Array.from({ length: 8 }, (_, i) => `q-${i}`);
    const sends = Array.from({ length: 40 }, (_, i) => boss.send("busy", { i }));
    await Promise.all([...names.flatMap((n) => [ensureQueue(n), ensureQueue(n)]), ...sends]);
    const queues = (await boss.getQueues()).map((q) => q.name);
    for (const n of names) expect(queues.filter((q) => q === n)).toHaveLength(1);
    expect(await boss.getQueueSize("busy")).toBe(40);
    for (const n of names) await expect(boss.send(n, {})).resolves.toBeTruthy();
  });
});
