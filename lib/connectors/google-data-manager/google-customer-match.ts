import type { Connector, ConnectorContext } from "@/lib/connectors/contract";
import { googleAdsConnector } from "@/lib/connectors/google-ads/connector";
import type { GoogleCredentials } from "@/lib/connectors/google-ads/settings";
import { googleDataManagerConnector, missingDeveloperToken } from "@/lib/connectors/google-data-manager/connector";
import {
  googleCustomerMatchCredentialsSchema,
  googleCustomerMatchSettingsSchema,
  type GoogleCustomerMatchCredentials,
  type GoogleCustomerMatchSettings,
} from "@/lib/connectors/google-data-manager/settings";

// The "google_ads" destination kind: one form, and the setting `api` decides which Google API
// carries Customer Match (default: the Data Manager API; see settings.ts for why).

type Ctx = ConnectorContext<GoogleCustomerMatchSettings, GoogleCustomerMatchCredentials>;

function adsCtx(ctx: Ctx): ConnectorContext<GoogleCustomerMatchSettings, GoogleCredentials> {
  if (!ctx.credentials.developerToken) throw missingDeveloperToken();
  return ctx as ConnectorContext<GoogleCustomerMatchSettings, GoogleCredentials>;
}

const viaAds = (ctx: Ctx) => ctx.settings.api === "google_ads_api";

export const googleCustomerMatchConnector: Connector<GoogleCustomerMatchSettings, GoogleCustomerMatchCredentials> = {
  ...googleDataManagerConnector,
  label: "Google Customer Match",
  addressSettings: ["dataManagerBaseUrl", "apiBaseUrl", "oauthTokenUrl"],
  // Both APIs take 10,000 people per call (Data Manager: audience members per request; the Ads
  // path splits its own operations by its limits).
  maxBatchSize: Math.min(googleDataManagerConnector.maxBatchSize, googleAdsConnector.maxBatchSize),

  async testConnection(ctx) {
    if (!viaAds(ctx)) return googleDataManagerConnector.testConnection(ctx);
    if (!ctx.credentials.developerToken) {
      const e = missingDeveloperToken();
      return { ok: false, kind: "auth", message: e.message, hint: e.details.hint! };
    }
    return googleAdsConnector.testConnection(adsCtx(ctx));
  },
  ensureAudience: (ctx, audience) =>
    viaAds(ctx) ? googleAdsConnector.ensureAudience(adsCtx(ctx), audience) : googleDataManagerConnector.ensureAudience(ctx, audience),
  addMembers: (ctx, id, items) =>
    viaAds(ctx) ? googleAdsConnector.addMembers(adsCtx(ctx), id, items) : googleDataManagerConnector.addMembers(ctx, id, items),
  removeMembers: (ctx, id, items) =>
    viaAds(ctx) ? googleAdsConnector.removeMembers(adsCtx(ctx), id, items) : googleDataManagerConnector.removeMembers(ctx, id, items),
  // The Google Ads API path has no validate-only upload for Customer Match members here.
  validateMembers: (ctx, id, items) =>
    viaAds(ctx)
      ? Promise.resolve({ ok: true, detail: "Not checked: the Google Ads API path has no validate-only upload." })
      : googleDataManagerConnector.validateMembers!(ctx, id, items),
  // Data Manager requests only: the Ads API path's offline jobs (job_status) are not followed up here.
  requestStatus: (ctx, ids) => (viaAds(ctx) ? Promise.resolve(null) : googleDataManagerConnector.requestStatus!(ctx, ids)),
  getAudienceStats: (ctx, id) =>
    viaAds(ctx) ? googleAdsConnector.getAudienceStats!(adsCtx(ctx), id) : googleDataManagerConnector.getAudienceStats!(ctx, id),
};

export { googleCustomerMatchCredentialsSchema, googleCustomerMatchSettingsSchema };
