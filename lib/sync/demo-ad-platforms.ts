import { systemActor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { patchConfig } from "@/lib/sandbox/config";
import { createDestination } from "@/lib/destinations/create-destination";
import { sandboxSettings } from "@/lib/sandbox/emulators";
import { createSync } from "@/lib/sync/create-sync";
import { templateSegment } from "@/lib/sync/demo-syncs";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";
import { DEMO_GO_LIVE } from "@/lib/launch/demo-launch";

// Demo: "Meta", "Google Ads" and "TikTok" destinations aimed at the emulators the app mounts at
// /api/sandbox/<platform> in demo mode, each with one live sync from a template segment. The
// worker's scheduler runs them within a minute, over HTTP to the app's own origin, so the syncs
// pages show real runs, platform figures and match rates. Credentials are the sandbox values, the
// only ones the emulators accept by default (no real platform is ever called).
//
// Idempotent by destination name. Call it after ensureDemoSyncs (which skips once any sync exists).

const DEMO = [
  {
    name: "Meta",
    kind: "meta" as const,
    template: "intent-cart",
    settings: (s: ReturnType<typeof sandboxSettings>) => ({ adAccountId: "act_1001", ...s.meta }),
    credentials: SANDBOX_CREDENTIALS.meta,
  },
  {
    name: "Google Ads",
    kind: "google_ads" as const,
    template: "high-intent-identified",
    // Data Manager API: Google's path for Customer Match since April 2026. The demo workspace
    // attests consent and accepts the Customer Match terms, as a real one must before uploading.
    settings: (s: ReturnType<typeof sandboxSettings>) => ({
      customerId: "123-456-7890",
      ...s.google_data_manager,
      adUserDataConsent: "GRANTED",
      adPersonalizationConsent: "GRANTED",
      acceptCustomerMatchTerms: true,
    }),
    // No developer token: the Data Manager API has none.
    credentials: { ...SANDBOX_CREDENTIALS.google_ads, developerToken: undefined },
  },
  {
    name: "TikTok",
    kind: "tiktok" as const,
    template: "intent-viewed",
    settings: (s: ReturnType<typeof sandboxSettings>) => ({ advertiserId: "7000000000001", ...s.tiktok }),
    credentials: SANDBOX_CREDENTIALS.tiktok,
  },
];

/** `origin`: where the app (and so the mounted emulators) is reached, e.g. NEXTAUTH_URL. */
export async function ensureDemoAdPlatforms(origin: string) {
  const actor = systemActor("demo");
  // The demo store is small: Meta's real display threshold (1,000) would hide every count, so
  // the demo's Meta shows approximate sizes from 100 matched people.
  await patchConfig(pool(), "meta", { countThreshold: 100 });
  const urls = sandboxSettings(origin);
  const created: { destinationId: string; syncId: string }[] = [];
  for (const d of DEMO) {
    if (await db().destination.findFirst({ where: { name: d.name } })) continue;
    const segment = await templateSegment(d.template);
    const destination = await createDestination(actor, {
      name: d.name,
      kind: d.kind,
      settings: d.settings(urls),
      credentials: d.credentials,
    });
    const sync = await createSync(actor, {
      name: `${segment.name} → ${d.name}`,
      segmentId: segment.id,
      destinationId: destination.id,
      identifiers: ["email", "phone"],
      state: "live",
      override: DEMO_GO_LIVE,
    });
    created.push({ destinationId: destination.id, syncId: sync.id });
  }
  return created;
}
