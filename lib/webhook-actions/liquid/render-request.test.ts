import { describe, expect, it } from "vitest";
import type { ActionRequest } from "@/lib/webhook-actions/action-schemas";
import type { ActionScope } from "@/lib/webhook-actions/liquid/build-scope";
import { compileTemplate } from "@/lib/webhook-actions/liquid/compile-template";
import { renderTemplatesSync } from "@/lib/webhook-actions/liquid/liquid-engine";
import { renderActionRequest } from "@/lib/webhook-actions/liquid/render-request";
import { fillSecrets, maskSecrets } from "@/lib/webhook-actions/liquid/secret-markers";

const customer = {
  id: "u-1",
  external_id: "u-1",
  profile_id: "7",
  email: "ann@example.com",
  phone: null,
  created_at: null,
  first_seen_at: "",
  last_seen_at: "",
};
const scope = (extra: Record<string, unknown> = {}, rest: Partial<ActionScope> = {}): ActionScope => ({
  customer: { ...customer, ...extra },
  trigger: { kind: "enter", at: "2026-12-01T10:00:00.000Z" },
  ...rest,
});
const request = (r: Partial<ActionRequest>): ActionRequest => ({
  method: "POST",
  url: "https://crm.example.com/people",
  headers: [],
  body: "",
  ...r,
});

describe("missing attributes", () => {
  it("warns at the field, line and column of each value that printed nothing, and sends the request", () => {
    const r = renderActionRequest(
      request({
        url: "https://crm.example.com/people/{{ customer.crm_id }}",
        headers: [{ name: "X-Tier", value: "{{ customer.tier }}" }],
        body: '{\n  "email": {{ customer.email | json }},\n  "cart_value": {{ customer.cart_value }}\n}',
      }),
      scope(),
    );
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        { field: "url", line: 1, column: 35, message: "customer.crm_id is not set for this person; it rendered as empty" },
        { field: "headers.0.value", line: 1, column: 4, message: "customer.tier is not set for this person; it rendered as empty" },
        { field: "body", line: 3, column: 20, message: "customer.cart_value is not set for this person; it rendered as empty" },
      ]),
    );
    // …and the body that is no longer JSON because of it is pointed out too.
    expect(r.warnings.find((w) => w.field === "body" && w.line === undefined)?.message).toMatch(/not valid JSON/);
  });

  it("does not warn for a value with a default, a value that is set, or a condition that asks whether it is set", () => {
    const r = renderActionRequest(
      request({ body: "{{ customer.cart_value | default: 0 }} {{ customer.email }} {% if customer.vip %}VIP{% endif %}" }),
      scope(),
    );
    expect(r.ok && r.request.body).toBe("0 ann@example.com ");
    expect(r.warnings).toEqual([]);
  });

  it("treats null as not set, and warns once per place even inside a loop", () => {
    const r = renderActionRequest(
      request({ body: "tier={{ customer.tier }}{% for i in customer.items %}[{{ i.sku }}]{% endfor %}" }),
      scope({ tier: null, items: [{ sku: "A" }, {}, {}] }),
    );
    expect(r.ok && r.request.body).toBe("tier=[A][][]");
    expect(r.warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [1, 9, "customer.tier is not set for this person; it rendered as empty"],
      [1, 58, "i.sku is not set; it rendered as empty"],
    ]);
  });

  it("says when the trigger has no event at all", () => {
    const r = renderActionRequest(request({ body: "{{ event.properties.sku }}" }), scope());
    expect(r.warnings[0]?.message).toBe("event.properties.sku: this trigger has no event; it rendered as empty");
    const withEvent = renderActionRequest(
      request({ body: "{{ event.properties.sku }}" }),
      scope({}, { event: { id: "1", name: "viewed", type: "track", properties: {}, occurred_at: "", received_at: "", message_id: null } }),
    );
    expect(withEvent.warnings[0]?.message).toBe("event.properties.sku is not set on this event; it rendered as empty");
  });
});

describe("problems", () => {
  it("a template that does not parse is a problem with its line and column", () => {
    const r = renderActionRequest(request({ body: '{\n  "a": 1,\n  "b": {{ customer.email | upcas }}\n}' }), scope());
    expect(r).toMatchObject({
      ok: false,
      problems: [{ field: "body", line: 3, column: 8, message: 'There is no filter called "upcas".' }],
    });
  });

  it("a loop bomb ends in a problem, not a hang", () => {
    // It prints nothing, so what stops it is the time or memory limit, not the 1 MB output cap (which one
    // trips first would depend on the machine's speed).
    const bomb =
      "{% for a in (1..100000) %}{% for b in (1..100000) %}{% for c in (1..100000) %}{% assign x = c %}{% endfor %}{% endfor %}{% endfor %}";
    const r = renderActionRequest(request({ body: bomb }), scope());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/too long or too much memory/);
  });

  it("a body that renders over 1 MB is a problem, whether from a loop or from a person's data", () => {
    const loop = renderActionRequest(
      request({ body: "{% for i in (1..12000) %}{{ customer.blob }}{% endfor %}" }),
      scope({ blob: "x".repeat(100) }),
    );
    expect(loop.ok).toBe(false);
    if (!loop.ok) expect(loop.problems[0]?.message).toMatch(/more than 1 MB/);
    const data = renderActionRequest(request({ body: "{{ customer.blob }}" }), scope({ blob: "x".repeat(1024 * 1024 + 1) }));
    expect(data).toMatchObject({ ok: false, problems: [{ field: "body", message: expect.stringMatching(/more than 1 MB/) }] });
  });

  it("a header value that renders with a line break is a problem", () => {
    const r = renderActionRequest(
      request({ headers: [{ name: "X-Name", value: "{{ customer.name }}" }] }),
      scope({ name: "Ann\r\nX-Evil: 1" }),
    );
    expect(r).toMatchObject({ ok: false, problems: [{ field: "headers.0.value", message: expect.stringMatching(/line break/) }] });
  });

  it.each([
    ["{{ customer.site }}/hook", { site: "ftp://files.example.com" }, /https/],
    ["http://crm.example.com/hook", {}, /must use https/],
    ["https://admin:hunter2@crm.example.com/hook", {}, /put them in secrets/],
    ["https://{{ customer.login }}@crm.example.com/hook", { login: "u:p" }, /put them in secrets/],
    ["/relative/{{ customer.id }}", {}, /not a full address/],
    ["{{ customer.crm }}", {}, /renders as nothing/],
  ])("the URL %s is refused", (url, extra, message) => {
    const r = renderActionRequest(request({ url }), scope(extra));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.field === "url")?.message).toMatch(message);
  });

  it("plain http is allowed for localhost", () => {
    expect(renderActionRequest(request({ url: "http://localhost:8080/hook" }), scope()).ok).toBe(true);
    expect(renderActionRequest(request({ url: "http://127.0.0.1:8080/hook" }), scope()).ok).toBe(true);
  });
});

describe("secrets", () => {
  const secretNames = ["api_key", "user", "pass"];

  it("render as markers that the sender fills and displays mask", () => {
    const r = renderActionRequest(
      request({
        url: "https://{{ secrets.user }}:{{ secrets.pass }}@crm.example.com/people?key={{ secrets.api_key }}",
        headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
      }),
      scope(),
      { secretNames },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const values = { api_key: "sk_live_123456", user: "bot", pass: "pw" };
    expect(JSON.stringify(r.request)).not.toContain("sk_live_123456");
    expect(fillSecrets(r.request.url, values)).toBe("https://bot:pw@crm.example.com/people?key=sk_live_123456");
    expect(fillSecrets(r.request.headers[0]![1], values)).toBe("Bearer sk_live_123456");
    expect(maskSecrets(r.request.headers[0]![1])).toBe("Bearer ••••");
    // An answer echoing the key back is masked too.
    expect(maskSecrets('{"got":"Bearer sk_live_123456"}', Object.values(values))).toBe('{"got":"Bearer ••••"}');
  });

  it("a secret through a filter, or one the action does not have, is a problem", () => {
    const filtered = renderActionRequest(request({ body: "{{ secrets.api_key | upcase }}" }), scope(), { secretNames });
    expect(filtered).toMatchObject({
      ok: false,
      problems: [{ field: "body", line: 1, column: 4, message: expect.stringMatching(/only be used on its own/) }],
    });
    const unknown = renderActionRequest(request({ body: "{{ secrets.token }}" }), scope(), { secretNames });
    expect(unknown).toMatchObject({
      ok: false,
      problems: [{ message: 'There is no secret called "token". Add it under Secrets, or correct the name.' }],
    });
  });

  it("a person's attribute shaped like a marker is not filled, alone or joined from two attributes or through filters", () => {
    const forged = "\uE000secret:api_key\uE001";
    const r = renderActionRequest(
      request({
        body: "{{ customer.a }}|{{ customer.b }}{{ customer.c }}|{{ customer.d | url_decode }}|{{ customer.a | raw }}|{% echo customer.a %}|{{ customer | json }}",
      }),
      scope({ a: forged, b: "\uE000secret:", c: "api_key\uE001", d: "%EE%80%80secret:api_key%EE%80%81" }),
      { secretNames },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const filled = fillSecrets(r.request.body, { api_key: "sk_live_123456" });
    expect(filled).not.toContain("sk_live_123456");
    expect(filled.startsWith("secret:api_key|secret:api_key|secret:api_key|secret:api_key|secret:api_key|")).toBe(true);
  });
});

describe("the direct renderer", () => {
  // fast-render.ts renders plain templates without liquidjs's generators; it must print exactly what liquidjs prints.
  const data = scope({
    n: 3.5,
    s: " Ann ",
    list: ["a", "b"],
    obj: { k: [1, { x: null }] },
    t: true,
    z: 0,
    when: "2026-01-02T03:04:05Z",
    nul: null,
  });
  it.each([
    "plain text only",
    "{{ customer.s }}|{{ customer.n }}|{{ customer.t }}|{{ customer.z }}|{{ customer.nul }}|{{ customer.missing }}|{{ customer.list }}|{{ customer.obj }}",
    "{{ customer.s | strip | upcase | append: customer.id | prepend: '>' }}",
    "{{ customer.n | plus: 1 | times: 2 | divided_by: 3 | round: 2 }} {{ customer.z | default: customer.n }}",
    "{{ customer.list | join: '+' }} {{ customer.list.size }} {{ customer.list.first }} {{ customer.list.last }} {{ customer.s.size }}",
    "{{ customer | json }} {{ customer.obj | json: 2 }} {{ customer.missing | json }}",
    '{{ customer.when | date: "%a %d %b %Y %H:%M" }} {{ customer.email | sha256 }} {{ "x" | url_encode }} {{ customer.s | escape }}',
    "{{ customer.obj.k[1].x }} {{ customer['email'] }} {{ 'lit' }} {{ 12 }} {{ nil }} {{ true }}",
  ])("%s", (source) => {
    const compiled = compileTemplate(source);
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.fast).not.toBeNull();
    const viaLiquid = renderTemplatesSync(compiled.templates, { ...data, secrets: {} });
    const r = renderActionRequest(request({ body: source, headers: [{ name: "Content-Type", value: "text/plain" }] }), data);
    expect(r.ok && r.request.body).toBe(viaLiquid);
  });

  it("is not used for templates with tags", () => {
    const compiled = compileTemplate("{% if customer.vip %}x{% endif %}");
    expect(compiled.ok && compiled.fast).toBeNull();
  });
});

describe("content type", () => {
  it("says JSON for a body that looks like JSON and keeps the author's own header", () => {
    const json = renderActionRequest(request({ body: '{"a": 1}' }), scope());
    expect(json.ok && json.request.headers).toEqual([["Content-Type", "application/json"]]);
    const own = renderActionRequest(
      request({ body: "a=1", headers: [{ name: "content-type", value: "application/x-www-form-urlencoded" }] }),
      scope(),
    );
    expect(own.ok && own.request.headers).toEqual([["content-type", "application/x-www-form-urlencoded"]]);
    const get = renderActionRequest(request({ method: "GET", body: "" }), scope());
    expect(get.ok && get.request.headers).toEqual([]);
  });
});
