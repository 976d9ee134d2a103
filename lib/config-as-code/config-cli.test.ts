import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { exportConfig } from "@/lib/config-as-code/export-config";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { openCredentialsRaw } from "@/lib/destinations/destination-credentials";
import { createSegment } from "@/lib/segments/create-segment";

// `npm run cli -- config …` as an engineer runs it, in its own process against this file's
// database: export to a file, plan an edit, apply it, plan again, and a refused file.

const run = promisify(execFile);
const actor = systemActor("test");
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], {
      // production: the CLI must not write this run's test keys into the repo's .data/secrets.json.
      env: { ...process.env, NODE_ENV: "production", DESTINATION_HOOK_SIGNING_SECRET: "cli-signing-secret-0123456789" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    return { code: err.code ?? 1, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "config-cli-"));
  await createSegment(actor, {
    name: "Cart abandoners",
    definition: { conditions: [{ type: "event", event: "Checkout Started", window: { type: "last", amount: 2, unit: "days" } }] },
  });
  await createDestination(actor, {
    name: "Hook",
    kind: "webhook",
    settings: { url: "http://127.0.0.1:9/h" },
    credentials: { signingSecret: "cli-signing-secret-0123456789" },
  });
});

describe("npm run cli -- config", () => {
  it("exports, plans an edit with its field diff, applies it, and then plans no changes", async () => {
    const file = path.join(dir, "workspace.json");
    const exported = await cli("config", "export", "--out", file);
    expect(exported.code).toBe(0);
    const text = await readFile(file, "utf8");
    expect(text).toBe((await exportConfig(actor)).text);
    expect((await cli("config", "export")).stdout).toBe(text);

    const doc = JSON.parse(text);
    doc.segments[0].refreshIntervalMinutes = 60;
    doc.destinations.push({
      key: "second-hook",
      name: "Second hook",
      kind: "webhook",
      settings: { url: "http://127.0.0.1:9/second" },
      credentialsFromEnv: { signingSecret: "DESTINATION_HOOK_SIGNING_SECRET" },
    });
    await writeFile(file, JSON.stringify(doc));
    const plan = await cli("config", "plan", file);
    expect(plan.stdout).toContain("~ update segment cart-abandoners (“Cart abandoners”)\n    refreshIntervalMinutes: 15 → 60\n");
    expect(plan.stdout).toContain(
      "+ create destination second-hook (“Second hook”)\n    note: signingSecret from the environment variable DESTINATION_HOOK_SIGNING_SECRET\n",
    );
    expect((await db().segment.findFirstOrThrow()).refreshIntervalMinutes).toBe(15);

    const applied = await cli("config", "apply", file);
    expect(applied.stdout).toContain("Applied 2 changes.");
    expect((await db().segment.findFirstOrThrow()).refreshIntervalMinutes).toBe(60);
    // The secret came from the CLI's environment, sealed like one typed into the console.
    const second = await db().destination.findFirstOrThrow({ where: { name: "Second hook" } });
    expect(openCredentialsRaw(second.credentialsEnc)).toEqual({ signingSecret: "cli-signing-secret-0123456789" });
    expect((await db().auditLog.findFirstOrThrow({ where: { action: "segment.updated" } })).actorLabel).toBe("cli");
    expect((await cli("config", "plan", file)).stdout).toBe("No changes: the workspace already matches the file.\n");
  });

  it("refuses a file with an unknown field, naming the path, and changes nothing", async () => {
    const file = path.join(dir, "bad.json");
    const doc = JSON.parse((await exportConfig(actor)).text);
    doc.destinations[0].settings.url_ = "x";
    doc.segments[0].refreshIntervalMinutes = 5;
    await writeFile(file, JSON.stringify(doc));
    const res = await cli("config", "apply", file);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("  destinations[0].settings.url_: Unknown field");
    expect((await db().segment.findFirstOrThrow()).refreshIntervalMinutes).toBe(60);
    expect((await cli("config", "plan")).stderr).toContain("Name the file");
  });
});
