// The credentials the emulators accept out of the box, and the demo's destinations use. Any
// other value is refused the way the platform refuses it (Meta 190 "Invalid OAuth access token",
// Google invalid_client / invalid_grant / DEVELOPER_TOKEN_INVALID, TikTok 40105), so the demo and
// the tests can show what bad credentials look like. Tests widen or change the sets through
// each emulator's /_sandbox/config (acceptedTokens, oauthClients, refreshTokens, developerTokens).

export const SANDBOX_CREDENTIALS = {
  meta: { accessToken: "EAAB-demo-sandbox-token" },
  google_ads: {
    developerToken: "demo-developer-token",
    clientId: "demo-client.apps.googleusercontent.com",
    clientSecret: "demo-client-secret",
    refreshToken: "1//demo-refresh-token",
  },
  tiktok: { accessToken: "demo-tiktok-access-token" },
} as const;
