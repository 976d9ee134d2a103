import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import { defineConfig, globalIgnores } from "eslint/config";

// Lint: Next's own rules (React, hooks, Next, a11y, typescript-eslint's recommended set) plus the
// import boundaries that keep data flowing one way: app → lib domain → db | connectors. The
// boundaries are `no-restricted-imports` patterns on the `@/` alias: every cross-folder import in
// this repo uses the alias, and parent-relative imports (`../`) are refused in lib/ and components/
// so a boundary cannot be stepped around with a relative path.
//
// ESLint applies only the last matching config's options for a rule, so each folder's block lists
// every pattern that holds there (the shared ones come from the helpers below).

const noParentRelative = { group: ["../*", "../**"], message: "Import through the @/ alias so the folder boundaries can be checked." };
const noUi = [
  { group: ["@/app", "@/app/**"], message: "lib/ never imports app/: routes call lib, not the other way round." },
  { group: ["@/components", "@/components/**"], message: "lib/ never imports components/: the domain knows nothing of the UI." },
];
const noDatabase = (who) => [
  { group: ["@/lib/db", "@/lib/db/**"], message: `${who} never import the database: call a lib domain function.` },
  { group: ["@/lib/generated/**", "@prisma/*", "pg"], message: `${who} never import Prisma or pg: call a lib domain function.` },
];
// Outside lib/connectors, a platform is reached through the contract and the registry, so the
// engine, the records and the UI stay the same when a platform is added.
const platformThroughRegistry = {
  group: ["@/lib/connectors/*/**"],
  message: "Reach a platform through @/lib/connectors/registry and the contract, not its own folder.",
};
// What a connector may import from lib/: its own room, and the transport helpers that know nothing
// of the workspace (the egress policy, hashing and secrets helpers). Everything else under lib/ is
// the domain, the engine, auth or the database.
const connectorOnly = {
  regex: "^@/lib/(?!connectors(/|$)|egress/|crypto$)",
  message:
    "Connectors are pure I/O with their platform: they import nothing from the domain or the database (lib/db, lib/auth, lib/sync, lib/destinations, the Prisma client). Pass what they need in.",
};

// The sandbox plays the platforms: it checks what connectors send by its own rules, so it shares no
// code with them, and it knows nothing of the workspace's domain. Its store uses the app's pool.
const sandboxOnly = {
  regex: "^@/lib/(?!sandbox(/|$)|db$|crypto$)",
  message:
    "The sandbox plays the platforms: it imports neither the connectors it checks nor the domain (only lib/sandbox, lib/db's pool and lib/crypto).",
};

// The delivery ledger is the one outbound path for streams, actions and notifications: it knows
// batches, people and endpoints, never what a message means. Those areas import it, not the other
// way round (a sender of each kind is handed to its loop by the worker).
const ledgerOnly = {
  regex: "^@/lib/(?!delivery(/|$)|db$|egress/|logger$|errors$|api/paging$|jobs/define-job$)",
  message:
    "The delivery ledger knows nothing of streams, actions or alerts: it imports only lib/delivery, lib/db, lib/egress, the logger, errors, paging and defineJob. Pass a sender in instead.",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  prettier,
  globalIgnores([
    "node_modules/**",
    ".next/**",
    ".next-*/**",
    "lib/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "screenshots/**",
    "e2e/.auth/**",
  ]),
  {
    rules: {
      // `_`-prefixed names are deliberate: a destructured field left out, an argument kept for a signature.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    // testing/ helpers stand in for a platform's far side (e.g. a webhook receiver checking signatures).
    ignores: ["**/*.test.ts", "lib/**/testing/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noParentRelative, ...noUi, platformThroughRegistry] }] },
  },
  {
    files: ["lib/**/testing/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [noParentRelative, ...noUi] }] },
  },
  {
    files: ["lib/connectors/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noParentRelative, ...noUi, connectorOnly] }] },
  },
  {
    files: ["lib/sandbox/**/*.{ts,tsx}"],
    // The console's gate in front of the mounted emulators' controls: the one sandbox file that reads
    // who is signed in (it is the app's, not the platform's).
    ignores: ["**/*.test.ts", "lib/sandbox/sandbox-control-access.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noParentRelative, ...noUi, sandboxOnly] }] },
  },
  {
    files: ["lib/delivery/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "lib/**/testing/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noParentRelative, ...noUi, platformThroughRegistry, ledgerOnly] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noParentRelative, ...noDatabase("Components"), platformThroughRegistry] }] },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...noDatabase("Routes and pages"), platformThroughRegistry] }] },
  },
]);
