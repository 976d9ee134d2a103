import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { DestinationKind } from "@/lib/connectors/contract";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { benchDatabase } from "./lib";

// Where the sync bench delivers: the signed webhook receiver (issue 5) or the Meta emulator
// (issue 6, `--destination meta`), each in a child process. `held` reads back what the far side
// holds, to check it against what the engine recorded. The emulator keeps its state in a Postgres
// of its own (a throwaway cluster), so the engine's database and its CPU reading hold only the
// engine's work; `cpuMs` is the far side's CPU (its process, and its Postgres when it has one).

export type SyncTarget = {
  kind: DestinationKind;
  label: string;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
  held(remoteAudienceId: string): Promise<{ members: number; requests: number | null; problems: number }>;
  cpuMs(): { process: number | null; postgres: number | null };
  /** The emulator's own Postgres, when it has one (for `--statements`). */
  storeUrl?: string;
  close(): void | Promise<void>;
};

const SECRET = "bench-signing-secret-0123456789";

function child(script: string, env: Record<string, string>): { proc: ChildProcess; url: Promise<string> } {
  const proc = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { proc, url: new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once("line", resolve)) };
}

/** A child's CPU so far (ms), from /proc (Linux); null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, USER_HZ = 100
  } catch {
    return null;
  }
}

export async function startTarget(destination: string, batch: number, opts: { statements?: boolean } = {}): Promise<SyncTarget> {
  if (destination === "meta") {
    const store = await benchDatabase(undefined, undefined, "fast", { statements: opts.statements });
    const { proc, url } = child("scripts/bench/sync-emulator.ts", { BENCH_EMULATOR: "meta", DATABASE_URL: store.url });
    const base = await url;
    const { sandboxClient } = await import("@/lib/sandbox/client");
    return {
      kind: "meta",
      label: "Meta emulator",
      settings: { adAccountId: "act_1001", apiBaseUrl: `${base}/v24.0`, timeoutMs: 120_000 },
      credentials: SANDBOX_CREDENTIALS.meta,
      async held(id) {
        const { counts } = await sandboxClient(base).audience(id);
        return { members: counts.total, requests: null, problems: 0 };
      },
      cpuMs: () => ({ process: processCpuMs(proc.pid), postgres: store.serverCpuMs() }),
      storeUrl: store.url,
      close: async () => {
        proc.kill("SIGTERM");
        if (proc.exitCode === null && proc.signalCode === null) await new Promise((r) => proc.once("exit", r));
        await store.close();
      },
    };
  }
  if (destination !== "webhook") throw new Error(`--destination must be webhook or meta, not ${destination}`);
  const { proc, url } = child("scripts/bench/sync-receiver.ts", { BENCH_SECRET: SECRET });
  const base = await url;
  return {
    kind: "webhook",
    label: "webhook receiver",
    settings: { url: base, batchSize: batch, timeoutMs: 120_000 },
    credentials: { signingSecret: SECRET },
    async held() {
      const h = (await (await fetch(base)).json()) as { members: number; requests: number; badSignatures: number };
      return { members: h.members, requests: h.requests, problems: h.badSignatures };
    },
    cpuMs: () => ({ process: processCpuMs(proc.pid), postgres: null }),
    close: () => void proc.kill("SIGTERM"),
  };
}
