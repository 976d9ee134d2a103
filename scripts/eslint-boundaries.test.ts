import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The import boundaries of eslint.config.mjs, proven on in-memory files placed where a wrong
// import would do harm: app → lib domain → db | connectors, and nothing the other way.

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  // A snippet that does not parse would report no boundary error: never let that pass as "allowed".
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const importOf = (path: string) => `import * as m from "${path}";\nexport const used = m;\n`;

describe("import boundaries", () => {
  it("refuses a connector that imports the database", async () => {
    const errors = await boundaryErrors("lib/connectors/x.ts", importOf("@/lib/db"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Connectors are pure I\/O/);
  });

  it.each([
    "@/lib/auth/actor",
    "@/lib/sync/run-sync",
    "@/lib/destinations/create-destination",
    "@/lib/generated/prisma/client",
    "@/lib/sandbox/store",
    "@/lib/audit",
  ])("refuses a connector that imports %s", async (path) => {
    expect(await boundaryErrors("lib/connectors/meta/x.ts", importOf(path))).toHaveLength(1);
  });

  it("lets a connector import its own room and the transport helpers", async () => {
    for (const path of [
      "@/lib/connectors/contract",
      "@/lib/connectors/meta/wire",
      "@/lib/egress/egress-fetch",
      "@/lib/crypto",
      "zod",
      "node:crypto",
    ]) {
      expect(await boundaryErrors("lib/connectors/meta/x.ts", importOf(path)), path).toEqual([]);
    }
  });

  it("refuses an emulator that imports the connector it checks, or the domain", async () => {
    expect(await boundaryErrors("lib/sandbox/meta/x.ts", importOf("@/lib/connectors/meta/wire"))).toHaveLength(1);
    expect(await boundaryErrors("lib/sandbox/meta/x.ts", importOf("@/lib/destinations/destination-view"))).toHaveLength(1);
    const source = `import { pool } from "@/lib/db";\nimport { getAudience } from "@/lib/sandbox/store";\nexport const used = [pool, getAudience];\n`;
    expect(await boundaryErrors("lib/sandbox/meta/x.ts", source)).toEqual([]);
  });

  it("refuses the engine, the UI or a route reaching into one platform's folder instead of the registry", async () => {
    expect(await boundaryErrors("lib/sync/x.ts", importOf("@/lib/connectors/meta/connector"))).toHaveLength(1);
    expect(await boundaryErrors("components/x.tsx", importOf("@/lib/connectors/google-ads/settings"))).toHaveLength(1);
    expect(await boundaryErrors("app/api/v1/x/route.ts", importOf("@/lib/connectors/tiktok/wire"))).toHaveLength(1);
    expect(await boundaryErrors("lib/sync/x.ts", importOf("@/lib/connectors/registry"))).toEqual([]);
  });

  it("keeps the delivery ledger ignorant of the areas built on it", async () => {
    expect(await boundaryErrors("lib/delivery/x.ts", importOf("@/lib/streams/stream-sender"))).toHaveLength(1);
    expect(await boundaryErrors("lib/delivery/x.ts", importOf("@/lib/sync/run-sync"))).toHaveLength(1);
    const source = `import { pool } from "@/lib/db";\nimport { egressFetch } from "@/lib/egress/egress-fetch";\nimport { batchIdFor } from "@/lib/delivery/batch-id";\nexport const used = [pool, egressFetch, batchIdFor];\n`;
    expect(await boundaryErrors("lib/delivery/x.ts", source)).toEqual([]);
    expect(await boundaryErrors("lib/streams/x.ts", importOf("@/lib/delivery/enqueue"))).toEqual([]);
  });

  it("lets the domain use the database and the connectors", async () => {
    const source = `import { pool } from "@/lib/db";\nimport { connectorFor } from "@/lib/connectors/registry";\nexport const used = [pool, connectorFor];\n`;
    expect(await boundaryErrors("lib/destinations/x.ts", source)).toEqual([]);
  });

  it("refuses lib/ importing app/ or components/, or stepping around the alias with ../", async () => {
    expect(await boundaryErrors("lib/segments/x.ts", importOf("@/app/api/ingest/ingest-routes"))).toHaveLength(1);
    expect(await boundaryErrors("lib/segments/x.ts", importOf("@/components/ui/card"))).toHaveLength(1);
    expect(await boundaryErrors("lib/connectors/meta/x.ts", importOf("../../db"))).toHaveLength(1);
  });

  it("refuses components importing the database or Prisma", async () => {
    expect(await boundaryErrors("components/x.tsx", importOf("@/lib/db"))).toHaveLength(1);
    expect(await boundaryErrors("components/x.tsx", importOf("@/lib/generated/prisma/client"))).toHaveLength(1);
    expect(await boundaryErrors("components/x.tsx", importOf("@/lib/segments/definition"))).toEqual([]);
  });

  it("refuses routes and pages importing the database or Prisma, and lets them call lib", async () => {
    expect(await boundaryErrors("app/api/v1/x/route.ts", importOf("@/lib/db"))).toHaveLength(1);
    expect(await boundaryErrors("app/(console)/x/page.tsx", importOf("@prisma/client"))).toHaveLength(1);
    expect(await boundaryErrors("app/api/v1/x/route.ts", importOf("@/lib/destinations/list-destinations"))).toEqual([]);
  });
});
