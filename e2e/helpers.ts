import { spawn, type ChildProcess } from "node:child_process";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";

// What the browser specs that drive a worker, the API or the database share.

/** The job worker (scripts/worker.ts) beside the app, as in production. Kill it with SIGTERM in afterAll. */
export function startWorker(): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DOWNSTREAM_WORKER_CHILD: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** One call to the management API as the signed-in session (not the shared token file, which parallel runs rewrite); fails the test on an error. */
export async function apiFetch(request: APIRequestContext, origin: string, method: Method, url: string, data?: unknown) {
  const res = await request.fetch(url, { method, ...(data !== undefined && { data }), headers: { origin } });
  expect(res.ok(), `${method} ${url}: ${await res.text()}`).toBe(true);
  return res.json();
}

/** The same, on the page's origin. */
export function api(page: Page, method: Method, url: string, data?: unknown) {
  return apiFetch(page.request, new URL(page.url()).origin, method, url, data);
}

/** The same, as an object for specs that call it often. */
export function sessionApi(request: APIRequestContext, origin: string) {
  return {
    post: (url: string, data: unknown) => apiFetch(request, origin, "POST", url, data),
    get: (url: string) => apiFetch(request, origin, "GET", url),
  };
}

/** A connection to the spec's database (DATABASE_URL, set by global-setup) for `work`, closed after. */
export async function withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}
