import { NextResponse, type NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { authenticateBearer } from "@/lib/auth/api-tokens";
import { requireRole } from "@/lib/auth/require-role";
import type { Role } from "@/lib/auth/roles";
import { currentActor } from "@/lib/auth/session";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { Operation } from "@/lib/api/operation";
import { readJsonBody, zodIssues } from "@/lib/api/parse";
import { findJsonProblem } from "@/lib/ingest/json-guard";
import { safeParseHuman } from "@/lib/validation/human-issue";

// The one wrapper every management-API route goes through: authenticate (bearer token,
// or the console's session cookie so the browser can use the same API), check the role,
// parse body and query with zod, run the domain function, and turn errors into
// `{"error":{"code","message"}}` with the right status. Never a stack trace.

type Ctx<B, Q> = { actor: Actor; body: B; query: Q; params: Record<string, string>; req: NextRequest };

type Options<B, Q> = {
  role: Role;
  body?: ZodType<B>;
  bodyOptional?: boolean;
  query?: ZodType<Q>;
  maxBodyBytes?: number;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type ApiHandler = ((req: NextRequest, context: RouteContext) => Promise<NextResponse>) & { operation?: Operation };

/**
 * `options` is an Operation (lib/openapi/operations) for every /api/v1 route, so the handler
 * carries its own description and the coverage test can check the document against it; the
 * CSV import routes outside /api/v1 still pass bare options.
 */
export function apiRoute<B = undefined, Q = undefined>(
  options: Options<B, Q> | Operation<B, Q>,
  handler: (ctx: Ctx<B, Q>) => Promise<unknown>,
): ApiHandler {
  const route: ApiHandler = async (req, context) => {
    try {
      const actor = await authenticate(req);
      requireRole(actor, options.role);
      const params = Object.fromEntries(Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, String(v)]));
      refuseUnstorable(params, "path");
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      refuseUnstorable(rawQuery, "query");
      const rawBody = options.body ? await readJsonBody(req, options.maxBodyBytes, { optional: options.bodyOptional }) : undefined;
      if (options.body) refuseUnstorable(rawBody, "body");
      const body = options.body ? parseWith(options.body, rawBody, "body") : (undefined as B);
      const query = options.query ? parseWith(options.query, rawQuery, "query") : (undefined as Q);
      const result = await handler({ actor, body, query, params, req });
      if (result instanceof NextResponse) return result;
      return json(result ?? { ok: true }, req.method === "POST" ? 201 : 200);
    } catch (e) {
      return errorResponse(e, req);
    }
  };
  if ("id" in options) route.operation = options as Operation;
  return route;
}

async function authenticate(req: NextRequest): Promise<Actor> {
  if (req.headers.get("authorization")) return authenticateBearer(req.headers.get("authorization"));
  const actor = await currentActor();
  if (actor) return actor;
  return authenticateBearer(null);
}

/**
 * Text Postgres cannot store (NUL, unpaired surrogates) or JSON nested past jsonb's limit is
 * refused here, naming the field, before any schema or query sees it: such a value would fail
 * its query with a 500, and Prisma batches same-tick findUnique calls into one query, so it
 * would fail a concurrent request's lookup too.
 */
function refuseUnstorable(value: unknown, where: "path" | "query" | "body") {
  const problem = findJsonProblem(value);
  if (!problem) return;
  const path = problem.path ? `${where}.${problem.path}` : where;
  const message = `${problem.path || where} ${problem.error}`;
  throw new AppError(where === "body" ? "validation_failed" : "bad_request", `Invalid ${where}: ${message}`, {
    issues: [{ path, message }],
  });
}

function parseWith<T>(schema: ZodType<T>, value: unknown, where: "body" | "query"): T {
  const parsed = safeParseHuman(schema, value);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error, where);
  throw new AppError("validation_failed", `Invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
}

export function json(value: unknown, status = 200) {
  return new NextResponse(
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    {
      status,
      headers: { "content-type": "application/json; charset=utf-8" },
    },
  );
}

export function errorResponse(e: unknown, req?: NextRequest) {
  if (isAppError(e)) return json(e.toJSON(), e.status);
  if (e instanceof z.ZodError) {
    const issues = zodIssues(e, "input");
    return json({ error: { code: "validation_failed", message: "Invalid input", issues } }, 422);
  }
  logger.error({ err: e, path: req?.nextUrl.pathname, method: req?.method }, "unexpected API error");
  return json({ error: { code: "internal", message: "Something went wrong on our side. It has been logged." } }, 500);
}
