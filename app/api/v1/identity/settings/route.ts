import { apiRoute } from "@/lib/api/handler";
import { defaultCountry, setCountryInput, setDefaultCountry } from "@/lib/identity/default-country";

// The workspace default phone country (numbers without "+<code>" are read as this country's).
export const GET = apiRoute({ role: "viewer" }, async () => ({ defaultCountry: await defaultCountry() }));

export const PUT = apiRoute({ role: "admin", body: setCountryInput, maxBodyBytes: 4 * 1024 }, async ({ actor, body }) => ({
  defaultCountry: await setDefaultCountry(actor, body),
}));
