import { describe, expect, it } from "vitest";
import { callPlatform } from "@/lib/connectors/http";
import { redactCallText, type PlatformCall } from "@/lib/connectors/platform-call";

// A body handed over as bytes (the webhook's signed batches) is recorded for the request
// inspector exactly as the same body handed over as text.

describe("callPlatform with a body of bytes", () => {
  it("sends the bytes and records the excerpt the text would get", async () => {
    const members = Array.from({ length: 12_000 }, (_, i) => ({
      key: String(i),
      email: `josé${i}@example.com`,
      phone: `+1415${i}`,
      note: "😀",
    }));
    const text = JSON.stringify({ event: "audience.members.added", members });
    let sent: Uint8Array | null = null;
    const calls: PlatformCall[] = [];
    const fetcher = (async (_url: string, init: RequestInit) => {
      sent = init.body as Uint8Array;
      return new Response("{}", { status: 200 });
    }) as unknown as typeof fetch;
    const ctx = { fetch: fetcher, observe: (c: PlatformCall) => void calls.push(c) };
    await callPlatform(ctx, "The webhook", { method: "POST", url: "http://127.0.0.1:9/in", body: Buffer.from(text) });
    expect(Buffer.from(sent!).toString()).toBe(text);
    expect(calls[0]!.requestExcerpt).toBe(redactCallText(text));
    expect(calls[0]!.requestExcerpt).not.toContain("@example.com");
  });
});
