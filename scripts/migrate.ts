import { migrate } from "@/lib/db/migrate";

// `npm run db:migrate`: apply pending migrations to DATABASE_URL.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. `npm run dev` migrates the embedded database itself; set DATABASE_URL to migrate another.");
  process.exit(1);
}
const result = await migrate(url);
console.log(
  result.applied.length ? `Applied ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations applied earlier).`,
);
// Data steps SQL cannot do (it has no ENCRYPTION_KEY): seal write keys stored in plaintext.
const { encryptLegacyWriteKeys } = await import("@/lib/sources/source-record");
const sealed = await encryptLegacyWriteKeys();
if (sealed) console.log(`Sealed ${sealed} Segment write key(s) stored in plaintext.`);
const { disconnectDb } = await import("@/lib/db");
await disconnectDb();
