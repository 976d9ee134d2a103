import type { ZodType } from "zod";
import type { Role } from "@/lib/auth/roles";

// One management-API operation: what the handler enforces (role, body, query, size cap) and
// what the OpenAPI document says about it (path, summary, responses), in one object. Routes
// pass it to apiRoute, and lib/openapi builds the document from the same objects, so the
// reference cannot describe a schema the handler does not validate with.

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof httpMethods)[number];

export type OperationResponse = { description: string; schema: ZodType };

export type Operation<B = unknown, Q = unknown> = {
  /** Unique, stable: the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Below /api/v1, OpenAPI style: "/segments/{id}". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  role: Role;
  body?: ZodType<B>;
  /** The body may be left out (sent empty); it is then parsed as `{}`. */
  bodyOptional?: boolean;
  query?: ZodType<Q>;
  maxBodyBytes?: number;
  /** Success responses by status; error responses are added by the document builder. */
  responses: Partial<Record<200 | 201 | 202, OperationResponse>>;
};

/** Identity, typed: keeps body and query schema types for the handler's context. */
export function defineOperation<B = undefined, Q = undefined>(op: Operation<B, Q>): Operation<B, Q> {
  return op;
}

/** The Next route file a path lives in: "/segments/{id}" → "segments/[id]". */
export function routeDirOf(path: string): string {
  return path.replace(/^\//, "").replace(/\{([^}]+)\}/g, "[$1]");
}
