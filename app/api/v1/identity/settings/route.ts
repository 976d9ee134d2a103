import { apiRoute } from "@/lib/api/handler";
import { defaultCountry, setDefaultCountry } from "@/lib/identity/default-country";
import { getIdentitySettingsOp, setIdentitySettingsOp } from "@/lib/openapi/operations/data-in";

// The workspace default phone country (numbers without "+<code>" are read as this country's).
export const GET = apiRoute(getIdentitySettingsOp, async () => ({ defaultCountry: await defaultCountry() }));

export const PUT = apiRoute(setIdentitySettingsOp, async ({ actor, body }) => ({
  defaultCountry: await setDefaultCountry(actor, body),
}));
