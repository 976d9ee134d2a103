import { countProfiles, resetDemoData, seedDemo } from "@/lib/demo/seed";
import { boolFlag, intFlag, parseArgs } from "./lib/args";
import { bootstrap } from "./lib/bootstrap";

// `npm run seed -- --profiles N --days D --seed S [--reset | --force]`
// Writes the deterministic demo store (lib/demo) into DATABASE_URL, or the embedded dev
// database. Refuses a database that already has profiles unless told what to do:
// --reset empties profiles and events first; --force appends another batch of people.
const usage = `Usage: npm run seed -- [--profiles 20000] [--days 60] [--seed 42] [--reset | --force]`;

const flags = parseArgs();
if (flags.help) {
  console.log(usage);
  process.exit(0);
}
function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(1);
}
function int(key: string, fallback: number): number {
  try {
    return intFlag(flags, key, fallback);
  } catch (e) {
    return fail((e as Error).message);
  }
}
const profiles = int("profiles", 20_000);
const days = int("days", 60);
const seed = int("seed", 42);
if (profiles < 1 || days < 1) fail("--profiles and --days must be positive.");

const { embedded, databaseUrl } = await bootstrap();
let exitCode = 0;
try {
  const existing = await countProfiles(databaseUrl);
  if (existing > 0 && boolFlag(flags, "reset")) {
    console.log(`Emptying profiles and events (${existing.toLocaleString("en-US")} profiles)...`);
    await resetDemoData(databaseUrl);
  } else if (existing > 0 && !boolFlag(flags, "force")) {
    console.error(
      `The database already has ${existing.toLocaleString("en-US")} profiles. Pass --reset to replace them, or --force to add more.`,
    );
    exitCode = 1;
  }
  if (exitCode === 0) {
    const tty = process.stderr.isTTY;
    console.log(`Seeding ${profiles.toLocaleString("en-US")} profiles over ${days} days (seed ${seed})...`);
    let lastLog = 0;
    const result = await seedDemo({
      databaseUrl,
      profiles,
      days,
      seed,
      onProgress: (p) => {
        const line = `  ${p.phase}: ${p.profiles.toLocaleString("en-US")} profiles, ${p.events.toLocaleString("en-US")} events, ${(p.elapsedMs / 1000).toFixed(1)} s`;
        if (tty) process.stderr.write(`\r${line}   `);
        else if (p.elapsedMs - lastLog > 5000) {
          lastLog = p.elapsedMs;
          console.log(line);
        }
      },
    });
    if (tty) process.stderr.write("\n");
    const seconds = result.ms / 1000;
    console.log(
      [
        `Seeded ${result.profiles.toLocaleString("en-US")} profiles and ${result.events.toLocaleString("en-US")} events in ${seconds.toFixed(1)} s`,
        `  ${Math.round(result.events / seconds).toLocaleString("en-US")} events/s, ${Math.round(result.profiles / seconds).toLocaleString("en-US")} profiles/s`,
        `  profile ids ${result.idRange?.join("-")}; indexes rebuilt in ${(result.indexRebuildMs / 1000).toFixed(1)} s; FK checks ${result.fkChecks ? "on" : "skipped (superuser bulk load)"}`,
      ].join("\n"),
    );
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  exitCode = 1;
} finally {
  await embedded?.stop();
}
process.exit(exitCode);
