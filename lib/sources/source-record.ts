import { decryptSecret, encryptSecret, sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { Source } from "@/lib/generated/prisma/client";

// A source as the rest of the app sees it: the write key unsealed, the stored forms (ciphertext,
// lookup hash, legacy plaintext) left out so nothing can read or copy them by accident.

export type SourceRecord = Omit<Source, "writeKeyPlain" | "writeKeyEnc" | "writeKeyHash"> & { writeKey: string };

export function toSourceRecord(row: Source): SourceRecord {
  const { writeKeyPlain, writeKeyEnc, writeKeyHash: _hash, ...rest } = row;
  const writeKey = writeKeyEnc ? decryptSecret(writeKeyEnc) : writeKeyPlain;
  if (!writeKey) throw new Error(`Source ${row.id} has no write key`);
  return { ...rest, writeKey };
}

/** The stored columns for a write key: sealed for display, hashed for the ingest lookup. */
export function sealWriteKey(writeKey: string) {
  return { writeKeyEnc: encryptSecret(writeKey), writeKeyHash: writeKeyHash(writeKey), writeKeyPlain: null };
}

/** Write keys are random 144-bit strings, so a plain SHA-256 is a safe index (like API tokens). */
export const writeKeyHash = (writeKey: string) => sha256Hex(writeKey);

/**
 * Seals write keys stored in plaintext before migration 20261201103700 (SQL cannot encrypt:
 * it has no ENCRYPTION_KEY). Idempotent; run at every start and by `npm run db:migrate`.
 */
export async function encryptLegacyWriteKeys(): Promise<number> {
  const legacy = await db().source.findMany({ where: { writeKeyPlain: { not: null } }, select: { id: true, writeKeyPlain: true } });
  for (const s of legacy) {
    await db().source.update({ where: { id: s.id }, data: sealWriteKey(s.writeKeyPlain!) });
  }
  return legacy.length;
}
