import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import type { DestinationKind } from "@/lib/connectors/contract";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

// Where the sync bench delivers: the signed webhook receiver (issue 5) or the Meta emulator
// (issue 6, `--destination meta`), each in a child process. `held` reads back what the far side
// holds, to check it against what the engine recorded.

export type SyncTarget = {
  kind: DestinationKind;
  label: string;
  settings: Record<string, unknown>;
  credentials: Record<string, unknown>;
  held(remoteAudienceId: string): Promise<{ members: number; requests: number | null; problems: number }>;
  close(): void;
};

const SECRET = "bench-signing-secret-0123456789";

function child(script: string, env: Record<string, string>): { proc: ChildProcess; url: Promise<string> } {
  const proc = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { proc, url: new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once("line", resolve)) };
}

export async function startTarget(destination: string, batch: number): Promise<SyncTarget> {
  if (destination === "meta") {
    const { proc, url } = child("scripts/bench/sync-emulator.ts", { BENCH_EMULATOR: "meta" });
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
      close: () => proc.kill("SIGTERM"),
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
    close: () => proc.kill("SIGTERM"),
  };
}
