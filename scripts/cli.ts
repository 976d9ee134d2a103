import { readFile, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/auth/api-tokens";
import { createUser, listUsers } from "@/lib/auth/users";
import { applyConfig } from "@/lib/config-as-code/apply-config";
import { exportConfig } from "@/lib/config-as-code/export-config";
import { readConfigText } from "@/lib/config-as-code/parse-config";
import { planConfig } from "@/lib/config-as-code/plan-config";
import { disconnectDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseArgs } from "./lib/args";
import { bootstrap } from "./lib/bootstrap";

// `npm run cli -- <area> <command> [--flags]`. Works against DATABASE_URL, or the embedded
// dev database (shared with a running `npm run dev`).
const usage = `Usage:
  npm run cli -- users create --email EMAIL --role viewer|editor|admin [--name NAME] [--password PASSWORD]
  npm run cli -- users list
  npm run cli -- tokens create --name NAME --role viewer|editor|admin
  npm run cli -- tokens list
  npm run cli -- tokens revoke --id TOKEN_ID
  npm run cli -- config export [--out FILE]
  npm run cli -- config plan FILE [--prune]
  npm run cli -- config apply FILE [--prune] [--override-reason "why"]   (admin: set syncs live with launch gates open)`;

const [area, command, ...rest] = process.argv.slice(2);
const flags = parseArgs(rest);
/** The FILE of `config plan FILE` / `config apply FILE`. */
const fileArg = rest.find((a) => !a.startsWith("--"));
const actor = systemActor("cli");
const str = (key: string) => (typeof flags[key] === "string" ? (flags[key] as string) : undefined);

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new AppError("bad_request", "Pass --password when not running in a terminal.");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question("Password (at least 10 characters): ");
  rl.close();
  return answer;
}

async function run() {
  const { embedded } = await bootstrap();
  try {
    switch (`${area} ${command}`) {
      case "users create": {
        const user = await createUser(actor, {
          email: str("email") ?? "",
          name: str("name"),
          role: (str("role") ?? "viewer") as never,
          password: str("password") ?? (await askPassword()),
        });
        console.log(`Created ${user.role} ${user.email} (${user.id})`);
        break;
      }
      case "users list":
        for (const u of await listUsers()) console.log(`${u.id}  ${u.role.padEnd(6)}  ${u.email}${u.disabledAt ? "  (disabled)" : ""}`);
        break;
      case "tokens create": {
        const t = await createApiToken(actor, { name: str("name") ?? "", role: (str("role") ?? "viewer") as never });
        console.log(`Created ${t.role} token "${t.name}" (${t.id}). Copy it now; it is not shown again:`);
        console.log(t.token);
        break;
      }
      case "tokens list":
        for (const t of await listApiTokens())
          console.log(`${t.id}  ${t.role.padEnd(6)}  ${t.prefix}…  ${t.name}${t.revokedAt ? "  (revoked)" : ""}`);
        break;
      case "tokens revoke":
        await revokeApiToken(actor, str("id") ?? "");
        console.log("Revoked.");
        break;
      case "config export": {
        const { text } = await exportConfig(actor);
        if (str("out")) await writeFile(str("out")!, text);
        else process.stdout.write(text);
        break;
      }
      case "config plan":
      case "config apply": {
        if (!fileArg) throw new AppError("bad_request", `Name the file: npm run cli -- config ${command} FILE`);
        const doc = readConfigText(await readFile(fileArg, "utf8"));
        // `--prune FILE` reads as --prune=FILE to the flag parser: that is still pruning.
        const prune = flags.prune === true || flags.prune === "true" || flags.prune === fileArg;
        // The engineer's own environment holds the DESTINATION_… credentials the file names.
        const options = { prune, env: process.env, goLiveOverride: str("override-reason") };
        if (command === "plan") process.stdout.write((await planConfig(actor, doc, options)).text);
        else {
          const { plan, applied } = await applyConfig(actor, doc, options);
          process.stdout.write(plan.text);
          console.log(applied ? `Applied ${applied} change${applied === 1 ? "" : "s"}.` : "Nothing to apply.");
        }
        break;
      }
      default:
        console.log(usage);
        process.exitCode = area ? 1 : 0;
    }
  } finally {
    await disconnectDb();
    await embedded?.stop();
  }
}

run().catch((e) => {
  if (e instanceof AppError) {
    console.error(`Error: ${e.message}`);
    // A refused configuration lists every problem, one per line, each naming its path.
    for (const issue of e.details?.issues ?? []) console.error(`  ${issue.path}: ${issue.message}`);
  } else if (e?.name === "ZodError")
    console.error(`Error: ${e.issues.map((i: { path: unknown[]; message: string }) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`);
  else console.error(e);
  process.exit(1);
});
