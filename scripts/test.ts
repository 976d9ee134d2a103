import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "@/lib/dev/embedded-postgres";

// `npm test`: the type check, the lint and the format check (each a gate counted as one test), unit and integration
// tests (Vitest, real embedded Postgres), then browser tests (Playwright on the system Chromium
// against a fresh production build). Prints one closing line `N passed, N failed` summed over both runners, and fails if either did.
const results = "test-results";
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

function run(label: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n── ${label} ──`);
  return spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

// The type check is a gate of its own, reported as one test.
const typecheckStatus = run("type check (tsc --noEmit)", ["node_modules/typescript/bin/tsc", "--noEmit"]);

// So is the lint (eslint.config.mjs: Next's React/hooks/a11y rules, typescript-eslint and the
// import boundaries app → lib domain → db | connectors). A warning fails it too: a warning nobody
// must fix is noise. The cache only skips files whose content and config are unchanged.
const lintStatus = run("lint and import boundaries (eslint)", [
  "node_modules/eslint/bin/eslint.js",
  ".",
  "--max-warnings=0",
  "--cache",
  "--cache-strategy=content",
  "--cache-location=node_modules/.cache/eslint/",
]);

// And the formatter: Prettier (.prettierrc.json) decides layout, so reviews read changes, not whitespace.
// `npx prettier --write .` fixes what this reports.
const formatStatus = run("format (prettier --check)", ["node_modules/prettier/bin/prettier.cjs", "--check", ".", "--log-level=warn"]);

const vitestStatus = run("unit and integration tests (vitest)", [
  "node_modules/vitest/vitest.mjs",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${results}/vitest.json`,
]);

const skipE2e = process.env.SKIP_E2E === "1";
const playwrightStatus = skipE2e
  ? 0
  : run("browser tests (playwright)", ["node_modules/@playwright/test/cli.js", "test"], {
      E2E_BUILD: "1",
      E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
    });

type VitestJson = { numPassedTests: number; numFailedTests: number };
type PlaywrightJson = { stats: { expected: number; flaky: number; unexpected: number } };
function counts<J>(file: string, read: (json: J) => [number, number]): [number, number] {
  if (!existsSync(file)) return [0, 0];
  return read(JSON.parse(readFileSync(file, "utf8")) as J);
}
const [vPassed, vFailed] = counts<VitestJson>(`${results}/vitest.json`, (j) => [j.numPassedTests, j.numFailedTests]);
const [pPassed, pFailed] = counts<PlaywrightJson>(`${results}/playwright.json`, (j) => [
  j.stats.expected + j.stats.flaky,
  j.stats.unexpected,
]);

// A runner that crashed before reporting counts as one failure, so a broken run never reads as green.
const crashed = (status: number, failed: number) => (status !== 0 && failed === 0 ? 1 : 0);
const gates = [typecheckStatus, lintStatus, formatStatus];
const passed = vPassed + pPassed + gates.filter((s) => s === 0).length;
const failed =
  gates.filter((s) => s !== 0).length +
  vFailed +
  pFailed +
  crashed(vitestStatus, vFailed) +
  (skipE2e ? 0 : crashed(playwrightStatus, pFailed));
console.log(`\nvitest: ${vPassed} passed, ${vFailed} failed${skipE2e ? "" : `; playwright: ${pPassed} passed, ${pFailed} failed`}`);
const summary = `${passed} passed, ${failed} failed`;
writeFileSync(`${results}/summary.txt`, summary + "\n");
console.log(summary);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
