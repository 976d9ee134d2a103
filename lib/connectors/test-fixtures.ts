import { sha256Hex } from "@/lib/crypto";
import type { AudienceItem } from "@/lib/connectors/contract";
import { egressFetch } from "@/lib/egress/egress-fetch";

// Shared by the connector tests: people as the engine hands them over (normalized + hashed at
// ingest), and a fetch that records what a connector actually put on the wire (through the
// production egress fetch, so tests see its policy and its refusal to follow redirects).

export function person(i: number, opts: { email?: boolean; phone?: boolean; externalId?: boolean } = {}): AudienceItem {
  const email = `person${i}@example.com`;
  const e164 = `+1415${String(5_000_000 + i).padStart(7, "0")}`;
  return {
    key: String(i),
    email: opts.email === false ? null : { normalized: email, sha256: sha256Hex(email) },
    phone: opts.phone === false ? null : { e164, sha256: sha256Hex(e164) },
    externalId: opts.externalId ? `crm-${i}` : null,
  };
}

export const people = (from: number, count: number, opts?: Parameters<typeof person>[1]) =>
  Array.from({ length: count }, (_, k) => person(from + k, opts));

export type Recorded = { method: string; url: URL; headers: Headers; body: string; json: unknown; status: number; response: unknown };

export function recordingFetch() {
  const calls: Recorded[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    const body = req.method === "GET" || req.method === "HEAD" ? "" : await req.clone().text();
    const res = await egressFetch(req);
    const text = await res.clone().text();
    let json: unknown;
    let response: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    try {
      response = text ? JSON.parse(text) : undefined;
    } catch {
      response = text;
    }
    calls.push({ method: req.method, url: new URL(req.url), headers: req.headers, body, json, status: res.status, response });
    return res;
  };
  return { fetch: fetcher, calls, clear: () => calls.splice(0) };
}
