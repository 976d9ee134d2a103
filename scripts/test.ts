import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "@/lib/dev/embedded-postgres";

// `npm test`: unit and integration tests (Vitest, real embedded Postgres), then browser
// tests (Playwright on the system Chromium against a fresh production build). Prints one
// closing line `N passed, N failed` summed over both runners, and fails if either did.
const results = "test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

function run(label: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n── ${label} ──`);
  return spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

// The type check is a gate of its own, reported as one test.
const typecheckStatus = run("type check (tsc --noEmit)", ["node_modules/typescript/bin/tsc", "--noEmit"]);

const vitestStatus = run("unit and integration tests (vitest)", [
  "node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/vitest.json`,
]);

const skipE2e = process.env.SKIP_E2E === "1";
const playwrightStatus = skipE2e
  ? 0
  : run("browser tests (playwright)", ["node_modules/@playwright/test/cli.js", "test"], { E2E_BUILD: "1", E2E_PORT: process.env.E2E_PORT ?? String(await freePort()) });

function counts(file: string, read: (json: any) => [number, number]): [number, number] {
  if (!existsSync(file)) return [0, 0];
  return read(JSON.parse(readFileSync(file, "utf8")));
}
const [vPassed, vFailed] = counts(`${results}/vitest.json`, (j) => [j.numPassedTests, j.numFailedTests]);
const [pPassed, pFailed] = counts(`${results}/playwright.json`, (j) => [j.stats.expected + j.stats.flaky, j.stats.unexpected]);

// A runner that crashed before reporting counts as one failure, so a broken run never reads as green.
const crashed = (status: number, failed: number) => (status !== 0 && failed === 0 ? 1 : 0);
const passed = vPassed + pPassed + (typecheckStatus === 0 ? 1 : 0);
const failed = (typecheckStatus === 0 ? 0 : 1) + vFailed + pFailed + crashed(vitestStatus, vFailed) + (skipE2e ? 0 : crashed(playwrightStatus, pFailed));
console.log(`\nvitest: ${vPassed} passed, ${vFailed} failed${skipE2e ? "" : `; playwright: ${pPassed} passed, ${pFailed} failed`}`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(`${results}/summary.txt`, summary + "\n");
console.log(summary);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
