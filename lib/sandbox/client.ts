import type { MemberRow } from "@/lib/sandbox/store";

// A tiny client for an emulator's /_sandbox control routes, for tests, the benchmark and
// scripts: configure behaviour, queue faults, read back what the "platform" holds.

export type SandboxClient = ReturnType<typeof sandboxClient>;

export function sandboxClient(emulatorUrl: string) {
  const base = emulatorUrl.replace(/\/+$/, "");
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }
  return {
    /** Merge config keys and/or queue faults: configure({ matchRate: 0.5, faults: [{ times: 2 }] }). */
    configure: (patch: Record<string, unknown>) => call<{ config: Record<string, unknown> }>("POST", "config", patch),
    config: () => call<{ config: Record<string, unknown>; faults: unknown[] }>("GET", "config"),
    /** Defaults back, pending faults dropped, and (with `state`) every audience wiped. */
    reset: async (opts: { state?: boolean } = { state: true }) => {
      await call("DELETE", "config");
      if (opts.state !== false) await call("POST", "reset");
    },
    audiences: () =>
      call<{ audiences: { id: string; account_id: string; name: string; total: number; matched: number }[] }>("GET", "audiences"),
    audience: (id: string) =>
      call<{ audience: Record<string, unknown>; counts: { total: number; matched: number; visibleMatched: number; pending: number } }>(
        "GET",
        `audiences/${encodeURIComponent(id)}`,
      ),
    /** Every member of an audience, following the read-back pages. */
    members: async (id: string, pageSize = 100_000): Promise<MemberRow[]> => {
      const out: MemberRow[] = [];
      let after: string | null = null;
      do {
        const query: string = `?limit=${pageSize}${after ? `&after=${encodeURIComponent(after)}` : ""}`;
        const page: { members: MemberRow[]; next_after: string | null } = await call(
          "GET",
          `audiences/${encodeURIComponent(id)}/members${query}`,
        );
        out.push(...page.members);
        after = page.next_after;
      } while (after);
      return out;
    },
  };
}
