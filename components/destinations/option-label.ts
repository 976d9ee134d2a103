// Platform enum values in words (the value sent to the platform stays the option's value).
const OPTION_LABEL: Record<string, string> = {
  USER_PROVIDED_ONLY: "Collected from our customers",
  PARTNER_PROVIDED_ONLY: "From partners",
  BOTH_USER_AND_PARTNER_PROVIDED: "From our customers and partners",
  GRANTED: "Granted",
  DENIED: "Denied",
  UNSPECIFIED: "Not specified",
  digits: "Digits only (15551234567)",
  e164: "International, with + (+15551234567)",
  // Google Customer Match: which API (lib/connectors/google-data-manager/settings.ts) and account type.
  data_manager: "Data Manager API (recommended, every account)",
  google_ads_api: "Google Ads API (accounts already allowlisted for Customer Match)",
  GOOGLE_ADS: "Google Ads account",
  DISPLAY_VIDEO_ADVERTISER: "Display & Video 360 advertiser",
  DISPLAY_VIDEO_PARTNER: "Display & Video 360 partner",
  DATA_PARTNER: "Data partner",
};
export function optionLabel(value: string): string {
  if (OPTION_LABEL[value]) return OPTION_LABEL[value];
  const words = value.replace(/_/g, " ").toLowerCase();
  return words[0] ? words[0].toUpperCase() + words.slice(1) : value;
}
