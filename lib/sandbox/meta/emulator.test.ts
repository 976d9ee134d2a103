import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto";
import { createMetaEmulator } from "@/lib/sandbox/meta/emulator";
import { sandboxClient } from "@/lib/sandbox/client";
import { startEmulatorServer, type EmulatorServer } from "@/lib/sandbox/serve";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-credentials";

const TOKEN = SANDBOX_CREDENTIALS.meta.accessToken;

// The Meta emulator on its own: every transport the reference lists (§1.1), and strictness
// about what Meta refuses (checklist §7.1).

let server: EmulatorServer;
let sandbox: ReturnType<typeof sandboxClient>;
let audience: string;
const h = (s: string) => sha256Hex(s);

beforeAll(async () => {
  server = await startEmulatorServer(createMetaEmulator());
  sandbox = sandboxClient(server.url);
});
afterAll(() => server.close());
beforeEach(async () => {
  await sandbox.reset();
  const created = await call("POST", "act_1/customaudiences", { json: { name: "E", customer_file_source: "USER_PROVIDED_ONLY" } });
  audience = created.body.id;
});

async function call(
  method: string,
  path: string,
  opts: { json?: unknown; form?: Record<string, string>; query?: Record<string, string>; token?: string | null } = {},
) {
  const url = new URL(`${server.url}/v24.0/${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? TOKEN}` };
  let body: string | undefined;
  if (opts.json !== undefined) [headers["content-type"], body] = ["application/json", JSON.stringify(opts.json)];
  if (opts.form) [headers["content-type"], body] = ["application/x-www-form-urlencoded", new URLSearchParams(opts.form).toString()];
  const res = await fetch(url, { method, headers, body });
  return {
    status: res.status,
    headers: res.headers,
    body: res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text(),
  };
}

const payload = (rows: string[][], schema = ["EMAIL", "PHONE"]) => ({ schema, data: rows });

describe("Meta emulator", () => {
  it("accepts JSON bodies, form encoding with access_token, and query parameters (§1.1)", async () => {
    expect((await call("POST", `${audience}/users`, { json: { payload: payload([[h("a"), h("1")]]) } })).body).toMatchObject({
      num_received: 1,
      num_invalid_entries: 0,
    });
    const form = await call("POST", `${audience}/users`, {
      token: null,
      form: { access_token: TOKEN, payload: JSON.stringify(payload([[h("b"), ""]])) },
    });
    expect(form.body).toMatchObject({ audience_id: audience, num_received: 1 });
    const query = await call("POST", `${audience}/users`, {
      token: null,
      query: { access_token: TOKEN, payload: JSON.stringify({ schema: "EMAIL_SHA256", data: [h("c")] }) },
    });
    expect(query.body).toMatchObject({ num_received: 1, num_invalid_entries: 0 });
    expect(query.headers.get("x-business-use-case-usage")).toContain('"custom_audience"');
    expect((await sandbox.members(audience)).map((m) => m.email_hash).sort()).toEqual([h("a"), h("b"), h("c")].sort());
  });

  it("counts malformed hashes as invalid entries with samples, and refuses bad requests whole", async () => {
    const upper = h("x").toUpperCase();
    expect(
      (
        await call("POST", `${audience}/users`, {
          json: {
            payload: payload([
              [upper, ""],
              [h("y"), ""],
            ]),
          },
        })
      ).body,
    ).toEqual({
      audience_id: audience,
      session_id: expect.any(String),
      num_received: 2,
      num_invalid_entries: 1,
      invalid_entry_samples: { [upper]: expect.stringContaining("Invalid hash format") },
    });
    const arity = await call("POST", `${audience}/users`, { json: { payload: payload([[h("a")]]) } });
    expect(arity).toMatchObject({ status: 400, body: { error: { code: 100, type: "OAuthException", fbtrace_id: expect.any(String) } } });
    const tooMany = await call("POST", `${audience}/users`, {
      json: {
        payload: payload(
          Array.from({ length: 10_001 }, (_, i) => [h(String(i))]),
          ["EMAIL"],
        ),
      },
    });
    expect(tooMany.body.error.message).toContain("maximum is 10000");
    expect(
      (await call("POST", `${audience}/users`, { json: { payload: payload([[h("a")]], ["EMAIL_ADDRESS"]) } })).body.error.message,
    ).toContain("Invalid schema key");
    expect((await call("POST", `${audience}/users`, { json: {} })).body.error.message).toContain("payload is required");
    expect((await call("POST", `${audience}/users`, { token: null, json: { payload: payload([[h("a"), ""]]) } })).body.error.code).toBe(
      104,
    );
    expect((await call("POST", "999/users", { json: { payload: payload([[h("a"), ""]]) } })).body.error).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
    expect((await call("GET", `${audience}/nonsense`)).body.error.code).toBe(2500);
  });

  it("answers 414 for URLs past ~64 KB, as RudderStack observed (§1.4)", async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => [h(String(i)), ""]); // ≈ 90 KB of query string
    expect(
      (await call("POST", `${audience}/users`, { token: null, query: { access_token: TOKEN, payload: JSON.stringify(payload(rows)) } }))
        .status,
    ).toBe(414);
  });

  it("requires customer_file_source when creating, and removes on DELETE", async () => {
    expect((await call("POST", "act_1/customaudiences", { json: { name: "X" } })).body.error.message).toContain("customer_file_source");
    await call("POST", `${audience}/users`, {
      json: {
        payload: payload([
          [h("a"), h("1")],
          [h("b"), ""],
        ]),
      },
    });
    // Removal by phone alone finds the person added with email + phone.
    await call("DELETE", `${audience}/users`, { json: { payload: payload([[h("1")]], ["PHONE"]) } });
    expect((await sandbox.members(audience)).map((m) => m.email_hash)).toEqual([h("b")]);
  });

  it("accepts session batches in any order by default, and enforces order when strict [belief]", async () => {
    const send = (seq: number, id = 77) =>
      call("POST", `${audience}/users`, {
        json: { payload: payload([[h(String(seq)), ""]]), session: { session_id: id, batch_seq: seq, last_batch_flag: false } },
      });
    expect((await send(2)).body).toMatchObject({ session_id: "77", num_received: 1 });
    await sandbox.configure({ sessionOrder: "strict" });
    expect((await send(2, 78)).body.error.message).toContain("must start with batch_seq 1");
    const remove = await call("DELETE", `${audience}/users`, {
      json: { payload: payload([[h("2"), ""]]), session: { session_id: 77, batch_seq: 3, last_batch_flag: true } },
    });
    expect(remove.body.error.message).toContain("belongs to a POST /users upload");
  });
});
