import { createGoogleAdsEmulator } from "@/lib/sandbox/google-ads/emulator";
import { createGoogleDataManagerEmulator } from "@/lib/sandbox/google-data-manager/emulator";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import type { EmulatorHandler } from "@/lib/sandbox/request";
import { createTiktokEmulator } from "@/lib/sandbox/tiktok/emulator";

// URL slug → emulator, for mounting (app/api/sandbox/[platform]/…) and scripts.
const factories = {
  meta: createMetaEmulator,
  "google-ads": createGoogleAdsEmulator,
  "google-data-manager": createGoogleDataManagerEmulator,
  tiktok: createTiktokEmulator,
} as const;

export type EmulatorSlug = keyof typeof factories;
export const EMULATOR_SLUGS = Object.keys(factories) as EmulatorSlug[];

const mounted = new Map<string, EmulatorHandler>();

/** The emulator for a slug, mounted under `basePath` (one handler per mount, reused). */
export function emulatorFor(slug: string, basePath = ""): EmulatorHandler | undefined {
  if (!(slug in factories)) return undefined;
  const key = `${slug}|${basePath}`;
  let handler = mounted.get(key);
  if (!handler) {
    handler = factories[slug as EmulatorSlug]({ basePath });
    mounted.set(key, handler);
  }
  return handler;
}

/** Where the demo mounts each emulator; connectors' base URLs point below these. */
export const sandboxMountPath = (slug: EmulatorSlug) => `/api/sandbox/${slug}`;

/** Settings that aim a connector at a mounted emulator (origin: e.g. http://localhost:3000). */
export function sandboxSettings(origin: string) {
  const base = origin.replace(/\/+$/, "");
  return {
    meta: { apiBaseUrl: `${base}${sandboxMountPath("meta")}/v24.0` },
    google_ads: {
      apiBaseUrl: `${base}${sandboxMountPath("google-ads")}/v26`,
      oauthTokenUrl: `${base}${sandboxMountPath("google-ads")}/oauth2/v4/token`,
    },
    tiktok: { apiBaseUrl: `${base}${sandboxMountPath("tiktok")}/open_api/v1.3` },
    /** Google Customer Match through the Data Manager API (its emulator serves its own token endpoint). */
    google_data_manager: {
      api: "data_manager" as const,
      dataManagerBaseUrl: `${base}${sandboxMountPath("google-data-manager")}/v1`,
      oauthTokenUrl: `${base}${sandboxMountPath("google-data-manager")}/oauth2/v4/token`,
    },
  };
}
