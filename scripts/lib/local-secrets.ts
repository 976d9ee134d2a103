import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// Dev and demo only: generate AUTH_SECRET and ENCRYPTION_KEY once and keep them in
// .data/secrets.json (git-ignored) so sessions and encrypted credentials survive restarts.
// Production sets both in the environment.
export function ensureLocalSecrets(dataDir: string) {
  const file = path.join(dataDir, "secrets.json");
  let saved: Record<string, string> = {};
  if (existsSync(file)) saved = JSON.parse(readFileSync(file, "utf8"));
  const secrets = {
    AUTH_SECRET: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET ?? saved.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? saved.ENCRYPTION_KEY ?? randomBytes(32).toString("hex"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...saved, ...secrets }, null, 2), { mode: 0o600 });
  Object.assign(process.env, secrets);
  return secrets;
}
