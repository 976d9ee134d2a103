import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from "@/lib/dev/embedded-postgres";
import { migrate } from "@/lib/db/migrate";
import { ensureLocalSecrets } from "./local-secrets";

// Shared by `npm run dev` and `npm run worker`: pick the database (DATABASE_URL, or the
// embedded Postgres in .data/postgres), make sure secrets exist, apply migrations.
export type Bootstrapped = { embedded: RunningPostgres | null; databaseUrl: string; demoMode: boolean };

export async function bootstrap(): Promise<Bootstrapped> {
  const dataDir = path.join(process.cwd(), ".data");
  let embedded: RunningPostgres | null = null;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"));
    await ensureDatabase(embedded.url("postgres"), "downstream");
    process.env.DATABASE_URL = embedded.url("downstream");
  }
  if (embedded || process.env.NODE_ENV !== "production") ensureLocalSecrets(dataDir);
  // The embedded default is the demo; elsewhere demo mode is opt-in with DEMO_MODE=1.
  process.env.DEMO_MODE ??= embedded ? "1" : "0";
  const demoMode = process.env.DEMO_MODE === "1" || process.env.DEMO_MODE === "true";
  if (demoMode) {
    // The demo's destinations talk to the emulators mounted in the app and write the demo
    // warehouse into this database: allow exactly those two ports under the egress policy.
    const { demoEgressAllow } = await import("@/lib/egress/demo-egress-allow");
    const origin = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
    // …and the demo inbox's SMTP port (lib/monitoring/notifications/demo-inbox.ts), where the "Demo inbox" channel sends.
    const { DEMO_INBOX } = await import("@/lib/monitoring/notifications/demo-inbox-address");
    const current = [process.env.EGRESS_ALLOW, `${DEMO_INBOX.host}:${DEMO_INBOX.smtpPort}`].filter(Boolean).join(",");
    process.env.EGRESS_ALLOW = demoEgressAllow({ origin, databaseUrl: process.env.DATABASE_URL, current });
  }
  const result = await migrate(process.env.DATABASE_URL!);
  if (result.applied.length) console.log(`  migrations applied: ${result.applied.join(", ")}`);
  // Sealing needs ENCRYPTION_KEY, which the SQL migrations do not have (see source-record.ts).
  const { encryptLegacyWriteKeys } = await import("@/lib/sources/source-record");
  const sealed = await encryptLegacyWriteKeys();
  if (sealed) console.log(`  sealed ${sealed} Segment write key(s) stored in plaintext`);
  return { embedded, databaseUrl: process.env.DATABASE_URL!, demoMode };
}
