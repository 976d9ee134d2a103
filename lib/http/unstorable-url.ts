import { unstorableReason } from "@/lib/ingest/json-guard";

// Console pages read their path segments and query into database lookups (a person's id, a
// search box). A NUL there (`/people?q=%00`) would fail the query with a 500, and through
// Prisma's same-tick findUnique batching fail a concurrent visitor's lookup too. The proxy
// asks this before any page runs; the management API checks the same in lib/api/handler.ts.

/** Which part of the address cannot be used, or null. */
export function unstorableInUrl(url: URL): string | null {
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "the address (a malformed %-escape)";
    }
    if (unstorableReason(decoded)) return "the address";
  }
  for (const [key, value] of url.searchParams) {
    if (unstorableReason(key) || unstorableReason(value)) return `the "${key.replace(/\u0000/g, "").slice(0, 40)}" parameter`;
  }
  return null;
}
