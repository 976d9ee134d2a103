import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";

// `prisma generate` only needs the WASM schema tools, but the CLI insists on a schema-engine
// binary it would download. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// satisfies that check offline.
const placeholder = path.join(os.tmpdir(), "downstream-no-schema-engine");
if (!existsSync(placeholder)) writeFileSync(placeholder, "");
execFileSync(process.execPath, [path.join("node_modules", "prisma", "build", "index.js"), "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
