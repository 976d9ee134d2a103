import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and integration tests beside the code. test/global-setup.ts starts one real
// embedded Postgres per run; test/per-file-database.ts gives every test file a fresh
// migrated database cloned from a template.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/per-file-database.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      NODE_ENV: "test",
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123",
      ENCRYPTION_KEY: "0f".repeat(32),
      LOG_LEVEL: "silent",
      // Emulators, receivers and the test database listen on loopback; tests of the egress
      // policy itself set their own EGRESS_ALLOW.
      EGRESS_ALLOW: "127.0.0.0/8,::1,localhost",
    },
  },
});
