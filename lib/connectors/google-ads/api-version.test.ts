import { describe, expect, it } from "vitest";
import { googleSettingsSchema } from "@/lib/connectors/google-ads/settings";
import { GOOGLE_ADS_API_BASE, liveAdsBaseUrl } from "@/lib/connectors/google-ads/wire";
import { googleCustomerMatchSettingsSchema } from "@/lib/connectors/google-data-manager/settings";

// The Google Ads API path calls a version Google still serves (v22 sunset 2026-10-07; wire.ts
// cites the sunset schedule), and a destination saved with the old default moves with it.

describe("Google Ads API version", () => {
  it("defaults to v26, a version live on 2026-12-01", () => {
    expect(GOOGLE_ADS_API_BASE).toBe("https://googleads.googleapis.com/v26");
    expect(googleSettingsSchema.parse({ customerId: "1234567890" }).apiBaseUrl).toBe("https://googleads.googleapis.com/v26");
  });

  it("moves a saved address on a sunset version (v22, the old default) to the current one, on Google's host only", () => {
    const saved = { customerId: "1234567890", apiBaseUrl: "https://googleads.googleapis.com/v22" };
    expect(googleSettingsSchema.parse(saved).apiBaseUrl).toBe(GOOGLE_ADS_API_BASE);
    expect(googleCustomerMatchSettingsSchema.parse({ ...saved, api: "google_ads_api" }).apiBaseUrl).toBe(GOOGLE_ADS_API_BASE);
    expect(liveAdsBaseUrl("https://googleads.googleapis.com/v19/")).toBe(GOOGLE_ADS_API_BASE);
    // Live versions, emulators and proxies keep what they were given.
    expect(liveAdsBaseUrl("https://googleads.googleapis.com/v23")).toBe("https://googleads.googleapis.com/v23");
    expect(liveAdsBaseUrl("http://127.0.0.1:9999/v22")).toBe("http://127.0.0.1:9999/v22");
    expect(liveAdsBaseUrl("https://proxy.example.com/googleads/v22")).toBe("https://proxy.example.com/googleads/v22");
  });
});
