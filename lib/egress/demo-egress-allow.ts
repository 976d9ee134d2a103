// What the demo allows on top of the operator's EGRESS_ALLOW, explicitly and no wider: the app's
// own origin (host and port), where the platform emulators are mounted (/api/sandbox/…), and
// the demo warehouse's database (host and port), which is the app's own embedded Postgres.
// Only those ports: a destination in the demo still cannot reach other local services.

export function demoEgressAllow(opts: { origin: string; databaseUrl?: string; current?: string }): string {
  const entries = new Set((opts.current ?? "").split(/[\s,]+/).filter(Boolean));
  const app = new URL(opts.origin);
  entries.add(`${app.hostname}:${app.port || (app.protocol === "https:" ? 443 : 80)}`);
  if (opts.databaseUrl) {
    const db = new URL(opts.databaseUrl);
    if (db.hostname) entries.add(`${db.hostname}:${db.port || 5432}`);
  }
  return [...entries].join(",");
}
