import { mkdirSync, writeFileSync } from "node:fs";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { disconnectDb } from "@/lib/db";
import { ensureDemoUsers } from "@/lib/demo/demo-users";
import { seedDemo } from "@/lib/demo/seed";

// Run by e2e/global-setup.ts in its own process (so Prisma and pg handles close cleanly):
// the demo sign-ins, a small demo store, and one API token per role for API specs.
await ensureDemoUsers();
await seedDemo({ profiles: 2_000, days: 30, seed: 7 });
const tokens: Record<string, string> = {};
for (const role of ["viewer", "editor", "admin"] as const) {
  tokens[role] = (await createApiToken(systemActor("e2e"), { name: `e2e ${role}`, role })).token;
}
mkdirSync("e2e/.auth", { recursive: true });
writeFileSync("e2e/.auth/tokens.json", JSON.stringify(tokens));
await disconnectDb();
