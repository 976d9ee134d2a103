import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { enqueue } from "@/lib/jobs/registry";
import { startWorker } from "@/lib/jobs/worker";

describe("job worker on the Postgres queue", () => {
  it("reports degraded health until a worker runs, then runs queued jobs", async () => {
    expect((await checkHealth()).queue.status).not.toBe("ok");
    const stop = await startWorker();
    try {
      const health = await checkHealth();
      expect(health.status).toBe("ok");
      expect(health.queue.workers).toBe(1);

      await db().profile.create({ data: { externalId: "p1", email: "a@b.test" } });
      await enqueue("workspace.snapshot", {});
      const deadline = Date.now() + 30_000;
      let snapshot = null;
      while (!snapshot && Date.now() < deadline) {
        snapshot = await db().metricSnapshot.findFirst({ where: { syncId: null, segmentId: null } });
        if (!snapshot) await new Promise((r) => setTimeout(r, 250));
      }
      expect(snapshot?.figures).toMatchObject({ profiles: 1, with_email: 1 });
    } finally {
      await stop();
    }
    expect(await db().workerHeartbeat.count()).toBe(0);
  });

  it("refuses a job payload that does not match its schema", async () => {
    await expect(enqueue("no.such.job", {})).rejects.toThrow(/Unknown job/);
  });
});
