import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { sha256Hex } from "@/lib/crypto";
import { pool } from "@/lib/db";
import { sourceByWriteKey } from "@/lib/sources/authenticate-source";
import { createSource, getSource, rotateSourceKey } from "@/lib/sources/manage-sources";
import { encryptLegacyWriteKeys } from "@/lib/sources/source-record";

const q = async (sql: string, params: unknown[] = []) => (await pool().query(sql, params)).rows;

describe("Segment write keys at rest", () => {
  it("stores no write key in plaintext, yet ingest finds the source by it and admins can read it", async () => {
    const source = await createSource(systemActor("test"), { name: "Sealed" });
    expect(source.writeKey).toMatch(/^wk_/);
    const [row] = await q("SELECT write_key, write_key_enc, write_key_hash FROM sources WHERE id = $1", [source.id]);
    expect(row.write_key).toBeNull();
    expect(row.write_key_enc).not.toContain(source.writeKey);
    expect(row.write_key_hash).toBe(sha256Hex(source.writeKey));
    // Nowhere in the row, in any column.
    const [whole] = await q("SELECT row_to_json(s)::text AS json FROM sources s WHERE id = $1", [source.id]);
    expect(whole.json).not.toContain(source.writeKey);
    expect(await sourceByWriteKey(source.writeKey)).toEqual({ id: source.id, name: "Sealed" });
    expect((await getSource(source.id)).writeKey).toBe(source.writeKey);

    const rotated = await rotateSourceKey(systemActor("test"), source.id, { key: "write_key" });
    expect(await sourceByWriteKey(source.writeKey)).toBeNull();
    expect(await sourceByWriteKey(rotated.writeKey)).toEqual({ id: source.id, name: "Sealed" });
  });

  it("seals keys left in plaintext by the migration, and they keep working", async () => {
    // A row as migration 20261201103700 leaves one written before it: plaintext plus its hash.
    const legacyKey = "wk_legacy-plaintext-key-0001";
    await q(
      `INSERT INTO sources (id, name, write_key, write_key_hash, cio_site_id, cio_api_key_enc, updated_at)
       VALUES ('legacy1', 'Old', $1, encode(sha256(convert_to($1, 'UTF8')), 'hex'), 'site-legacy', 'v1.x.y.z', now())`,
      [legacyKey],
    );
    expect(await sourceByWriteKey(legacyKey)).toEqual({ id: "legacy1", name: "Old" });
    expect(await encryptLegacyWriteKeys()).toBe(1);
    expect(await encryptLegacyWriteKeys()).toBe(0);
    const [row] = await q("SELECT row_to_json(s)::text AS json FROM sources s WHERE id = 'legacy1'");
    expect(row.json).not.toContain(legacyKey);
    expect((await getSource("legacy1")).writeKey).toBe(legacyKey);
  });
});
