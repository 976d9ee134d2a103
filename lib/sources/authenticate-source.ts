import { decryptSecret, safeEqual } from "@/lib/crypto";
import { db } from "@/lib/db";
import { writeKeyHash } from "@/lib/sources/source-record";

// Resolves ingest credentials to a source. Every tracking request needs this, so results are
// cached for a few seconds; any change made through lib/sources clears the cache at once (in
// this process; other processes see a rotation or revocation within CACHE_MS).

export type ActiveSource = { id: string; name: string };
type WebhookSource = ActiveSource & { signingKey: string | null };

const CACHE_MS = 5_000;
const cache = new Map<string, { value: unknown; at: number }>();

async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as T;
  const value = await load();
  if (cache.size > 10_000) cache.clear(); // bounded: unknown keys are cached too (negative hits)
  cache.set(key, { value, at: Date.now() });
  return value;
}

export function invalidateSourceCache() {
  cache.clear();
}

/** Segment: the write key (Basic auth user, or `writeKey` in the body), found by its SHA-256. */
export async function sourceByWriteKey(writeKey: string): Promise<ActiveSource | null> {
  if (!writeKey) return null;
  const hash = writeKeyHash(writeKey);
  // Keyed by the hash too, so the cache holds no write key in memory longer than a request.
  return cached(`wk:${hash}`, async () => {
    const s = await db().source.findUnique({ where: { writeKeyHash: hash }, select: { id: true, name: true, revokedAt: true } });
    return s && !s.revokedAt ? { id: s.id, name: s.name } : null;
  });
}

/** Customer.io Track: site id + API key. The key is stored encrypted, so it is compared after decryption. */
export async function sourceBySiteCredentials(siteId: string, apiKey: string): Promise<ActiveSource | null> {
  if (!siteId || !apiKey) return null;
  const row = await cached(`site:${siteId}`, async () => {
    const s = await db().source.findUnique({
      where: { cioSiteId: siteId },
      select: { id: true, name: true, revokedAt: true, cioApiKeyEnc: true },
    });
    return s && !s.revokedAt ? { id: s.id, name: s.name, apiKey: decryptSecret(s.cioApiKeyEnc) } : null;
  });
  return row && safeEqual(row.apiKey, apiKey) ? { id: row.id, name: row.name } : null;
}

/** Customer.io reporting webhooks: the source in the URL and its signing key. */
export async function sourceForWebhook(sourceId: string): Promise<WebhookSource | null> {
  return cached(`hook:${sourceId}`, async () => {
    const s = await db().source.findUnique({
      where: { id: sourceId },
      select: { id: true, name: true, revokedAt: true, webhookSigningKeyEnc: true },
    });
    if (!s || s.revokedAt) return null;
    return { id: s.id, name: s.name, signingKey: s.webhookSigningKeyEnc ? decryptSecret(s.webhookSigningKeyEnc) : null };
  });
}
