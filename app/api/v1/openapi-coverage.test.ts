import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import type { ApiHandler } from "@/lib/api/handler";
import { httpMethods, routeDirOf } from "@/lib/api/operation";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";
import { operations } from "@/lib/openapi/operations";

// The document is valid OpenAPI 3.1 and says exactly what the handlers do: every exported
// method of every app/api/v1 route file carries an operation from the registry, declared for
// that file and method, and every operation in the registry has its handler.
const routeModules = (import.meta as unknown as { glob: (p: string, o: { eager: true }) => Record<string, Record<string, unknown>> }).glob(
  "/app/api/v1/**/route.ts",
  { eager: true },
);
// Not management operations: the JSON 404 for unknown paths, and the document itself.
const NOT_OPERATIONS = new Set(["[...path]", "openapi.json"]);

const handlers = Object.entries(routeModules).flatMap(([file, module]) => {
  const dir = file.replace(/^\/app\/api\/v1\//, "").replace(/\/?route\.ts$/, "");
  return httpMethods
    .filter((m) => typeof module[m] === "function")
    .map((method) => ({ dir, method, handler: module[method] as ApiHandler }));
});

describe("the OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const doc = await (await openapiRoute.GET()).json();
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("a broken document fails the validator (the check can fail)", async () => {
    const doc = structuredClone(buildOpenApiDocument()) as unknown as {
      paths: Record<string, Record<string, { parameters: { in: string }[] }>>;
    };
    doc.paths["/segments"]!.get!.parameters[0]!.in = "body"; // OpenAPI 2's body parameter, gone since 3.0
    expect((await new Validator().validate(doc)).valid).toBe(false);
  });

  it("has an operation for every route handler, declared for its own file and method", () => {
    const found = handlers.filter((h) => !NOT_OPERATIONS.has(h.dir.split("/")[0]!));
    expect(found.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const { dir, method, handler } of found) {
      const op = handler.operation;
      if (!op) problems.push(`${method} ${dir}: no operation (pass one from lib/openapi/operations to apiRoute)`);
      else if (op.method !== method || routeDirOf(op.path) !== dir) problems.push(`${method} ${dir}: declares ${op.method} ${op.path}`);
      else if (!operations.includes(op)) problems.push(`${method} ${dir}: operation ${op.id} is not in lib/openapi/operations.ts`);
    }
    expect(problems).toEqual([]);
    const doc = buildOpenApiDocument();
    for (const { dir, method } of found)
      expect(doc.paths?.[`/${dir.replace(/\[([^\]]+)\]/g, "{$1}")}`]?.[method.toLowerCase() as "get"], `${method} ${dir}`).toBeDefined();
  });

  it("has a handler for every operation, and unique operation ids", () => {
    const served = new Set(handlers.map((h) => h.handler.operation).filter(Boolean));
    expect(operations.filter((op) => !served.has(op)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
    expect(new Set(operations.map((op) => op.id)).size).toBe(operations.length);
  });

  it("describes lists the same way: limit, cursor, nextCursor", () => {
    const doc = buildOpenApiDocument();
    const lists = operations.filter((op) => op.method === "GET" && op.query && "limit" in (op.query as unknown as { shape: object }).shape);
    expect(lists.length).toBeGreaterThanOrEqual(12);
    for (const op of lists) {
      const params = (doc.paths![op.path]!.get!.parameters as { name: string }[]).map((p) => p.name);
      expect(params, op.id).toEqual(expect.arrayContaining(["limit", "cursor"]));
      const body = JSON.stringify(doc.paths![op.path]!.get!.responses!["200"]);
      expect(body, op.id).toContain('"nextCursor"');
    }
  });
});
