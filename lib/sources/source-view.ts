import { decryptSecret } from "@/lib/crypto";
import type { SourceRecord } from "@/lib/sources/source-record";

// What a source looks like to the console and the API: credentials plus the exact URLs to
// paste into each client. Secrets (the Customer.io API key) only for admins; the webhook
// signing key is write-only (Customer.io shows it; we only need to know it is set).

export type SourceView = {
  id: string;
  name: string;
  status: "active" | "revoked";
  createdAt: Date;
  revokedAt: Date | null;
  lastReceivedAt: Date | null;
  segment: { writeKey: string; host: string; path: string; batchUrl: string };
  customerio: { siteId: string; apiKey: string | null; trackUrl: string };
  webhook: { url: string; signingKeySet: boolean };
};

export function sourceView(s: SourceRecord, { origin, revealSecrets }: { origin: string; revealSecrets: boolean }): SourceView {
  const base = origin.replace(/\/+$/, "");
  return {
    id: s.id,
    name: s.name,
    status: s.revokedAt ? "revoked" : "active",
    createdAt: s.createdAt,
    revokedAt: s.revokedAt,
    lastReceivedAt: s.lastReceivedAt,
    segment: {
      writeKey: revealSecrets ? s.writeKey : `${s.writeKey.slice(0, 7)}…`,
      host: base,
      path: "/api/ingest/v1/batch",
      batchUrl: `${base}/api/ingest/v1/batch`,
    },
    customerio: {
      siteId: s.cioSiteId,
      apiKey: revealSecrets ? decryptSecret(s.cioApiKeyEnc) : null,
      trackUrl: `${base}/api/ingest/cio/v1`,
    },
    webhook: { url: `${base}/api/webhooks/customerio/${s.id}`, signingKeySet: !!s.webhookSigningKeyEnc },
  };
}
