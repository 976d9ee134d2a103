import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/dev/embedded-postgres";
import { supervise } from "./supervise";

// What `npm run dev` does when a child dies: stop the others, stop Postgres, exit non-zero and
// say which one died. Real processes and a real embedded Postgres, as in dev.

const dir = mkdtempSync(path.join(os.tmpdir(), "downstream-supervise-"));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (code: string) => ({ command: process.execPath, args: ["-e", code], options: { stdio: "ignore" as const } });
/** Live (non-zombie) processes in a process group, read from /proc. */
const groupMembers = (pgid: number) =>
  readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return fields[0] !== "Z" && Number(fields[2]) === pgid;
      } catch {
        return false;
      }
    });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("dev supervisor", () => {
  it("when the worker is killed, stops the app (and its own children), then Postgres, and exits non-zero", async () => {
    const dataDir = path.join(dir, "pg");
    const pg = await startEmbeddedPostgres(dataDir);
    const messages: string[] = [];
    const supervisor = supervise(
      [
        // Like `next dev`: a leader that forks a server process of its own.
        {
          name: "the Next.js app",
          ...node(
            "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000)",
          ),
        },
        { name: "the job worker", ...node("setInterval(() => {}, 1000)") },
      ],
      { cleanup: () => pg.stop(), log: (m) => messages.push(m), signals: false, graceMs: 5_000 },
    );
    const app = supervisor.children.get("the Next.js app")!;
    const worker = supervisor.children.get("the job worker")!;
    for (let i = 0; i < 100 && groupMembers(app.pid!).length < 2; i++) await new Promise((r) => setTimeout(r, 20)); // the app forked its server
    worker.kill("SIGKILL"); // exitCode stays null for a signal: the case that used to hang

    const code = await supervisor.done;
    expect(code).not.toBe(0);
    expect(messages.join("\n")).toContain("the job worker stopped unexpectedly (signal SIGKILL); shutting down Downstream.");
    expect(app.exitCode !== null || app.signalCode !== null).toBe(true);
    // The app's whole process group is gone, its forked server included.
    for (let i = 0; i < 50 && groupMembers(app.pid!).length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(groupMembers(app.pid!)).toEqual([]);
    // Postgres was shut down cleanly: no postmaster.pid left behind.
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });

  it("kills a child that ignores SIGTERM after the grace period", async () => {
    const supervisor = supervise(
      [
        { name: "stubborn", ...node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)") },
        { name: "dies", ...node("setTimeout(() => process.exit(3), 200)") },
      ],
      { cleanup: async () => {}, log: () => {}, signals: false, graceMs: 500 },
    );
    const stubborn = supervisor.children.get("stubborn")!;
    expect(await supervisor.done).toBe(3);
    expect(alive(stubborn.pid!)).toBe(false);
  });

  it("a requested stop (Ctrl-C) exits 0 and also stops a Postgres that already shut itself down", async () => {
    const dataDir = path.join(dir, "pg2");
    const pg = await startEmbeddedPostgres(dataDir);
    const supervisor = supervise([{ name: "app", ...node("setInterval(() => {}, 1000)") }], {
      cleanup: () => pg.stop(),
      log: () => {},
      signals: false,
    });
    // Ctrl-C in a terminal reaches Postgres too (same process group): it stops before we ask it.
    const pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGINT");
    while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
    expect(await supervisor.stop(0)).toBe(0);
  });
});
