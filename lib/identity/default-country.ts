import { getCountries, type CountryCode } from "libphonenumber-js/max";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireRole } from "@/lib/auth/require-role";
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// The workspace's default phone country: how numbers typed without "+<country code>" are read
// at write time. Stored in the settings table; DEFAULT_PHONE_COUNTRY until someone sets it.
// Cached briefly because every ingest batch needs it; a change applies to data written after it
// (existing people are not re-normalized).

export const DEFAULT_COUNTRY_KEY = "identity.default_country";
const CACHE_MS = 10_000;

const known = new Set<string>(getCountries());
export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => known.has(c), "must be an ISO 3166 two-letter country code libphonenumber knows, e.g. US, GB, DE");

let cached: { country: string; at: number } | undefined;

export async function defaultCountry(): Promise<string> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.country;
  const row = await db().setting.findUnique({ where: { key: DEFAULT_COUNTRY_KEY } });
  const parsed = countrySchema.safeParse(row?.value);
  const country = parsed.success ? parsed.data : env().DEFAULT_PHONE_COUNTRY.toUpperCase();
  cached = { country, at: Date.now() };
  return country;
}

export const setCountryInput = z.object({ defaultCountry: countrySchema });

export async function setDefaultCountry(actor: Actor, input: z.input<typeof setCountryInput>): Promise<string> {
  requireRole(actor, "admin");
  const { defaultCountry: country } = setCountryInput.parse(input);
  const before = await defaultCountry();
  await db().$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: DEFAULT_COUNTRY_KEY },
      create: { key: DEFAULT_COUNTRY_KEY, value: country },
      update: { value: country },
    });
    await recordAudit(tx, actor, {
      action: "identity.default_country.changed",
      entityType: "setting",
      entityId: DEFAULT_COUNTRY_KEY,
      before: { country: before },
      after: { country },
    });
  });
  cached = { country, at: Date.now() };
  return country;
}

export function countryOptions(): { code: CountryCode; name: string }[] {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
