-- Sign-in attempts, one row per password check, so a lockout holds across every web process
-- (lib/auth/sign-in-limits.ts). Read by email and by client address over a short window.
CREATE TABLE "sign_in_attempts" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "client_ip" TEXT,
    "succeeded" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sign_in_attempts_email_created_at_idx" ON "sign_in_attempts"("email", "created_at");
CREATE INDEX "sign_in_attempts_client_ip_created_at_idx" ON "sign_in_attempts"("client_ip", "created_at");

-- Segment write keys sealed at rest like every other source secret: AES-GCM ciphertext for
-- showing the key to admins, and its SHA-256 for the ingest lookup (an index hit, no decrypt
-- per request). The hash of existing keys is computed here; the plaintext column stays only
-- until `encryptLegacyWriteKeys` (run by `npm run dev`, `npm run worker` and `npm run db:migrate`)
-- seals it with ENCRYPTION_KEY, which SQL does not have, and empties it.
ALTER TABLE "sources" ADD COLUMN "write_key_enc" TEXT;
ALTER TABLE "sources" ADD COLUMN "write_key_hash" TEXT;
UPDATE "sources" SET "write_key_hash" = encode(sha256(convert_to("write_key", 'UTF8')), 'hex');
ALTER TABLE "sources" ALTER COLUMN "write_key_hash" SET NOT NULL;
CREATE UNIQUE INDEX "sources_write_key_hash_key" ON "sources"("write_key_hash");
DROP INDEX "sources_write_key_key";
ALTER TABLE "sources" ALTER COLUMN "write_key" DROP NOT NULL;

-- A token acts for the person who created it (lib/auth/api-tokens.ts), so it goes with them.
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_created_by_id_fkey";
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
