import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ActionScope } from "@/lib/webhook-actions/liquid/build-scope";
import { renderActionRequest } from "@/lib/webhook-actions/liquid/render-request";

// The filters a template author relies on, rendered the way the runtime renders them.

const scope: ActionScope = {
  customer: {
    id: "u-1",
    external_id: "u-1",
    profile_id: "7",
    email: "ann@example.com",
    phone: "+14155550134",
    created_at: "2026-03-04T05:06:07Z",
    first_seen_at: "2026-03-04T05:06:07.000Z",
    last_seen_at: "2026-03-05T05:06:07.000Z",
    signup_unix: 1767225600,
    signup_digits: "1767225600",
    cart: { value: 129.5, items: [{ sku: "A-1" }, { sku: "B-2" }] },
    nickname: "",
    flag: false,
    quote: 'say "hi"',
  },
  trigger: { kind: "enter", at: "2026-12-01T10:00:00.000Z" },
};

function body(template: string) {
  const r = renderActionRequest({ method: "POST", url: "https://example.com/hook", headers: [], body: template }, scope);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { text: r.request.body, warnings: r.warnings };
}

describe("default", () => {
  it("replaces nothing, null and the empty string, and keeps what is set", () => {
    expect(body("{{ customer.missing | default: 'none' }}").text).toBe("none");
    expect(body("{{ customer.nickname | default: 'friend' }}").text).toBe("friend");
    expect(body("{{ customer.cart.value | default: 0 }}").text).toBe("129.5");
  });
  it("keeps false with allow_false, as Liquid does", () => {
    expect(body("{{ customer.flag | default: true }}").text).toBe("true");
    expect(body("{{ customer.flag | default: true, allow_false: true }}").text).toBe("false");
  });
});

describe("json", () => {
  it("quotes strings and escapes them, and prints objects and arrays as JSON", () => {
    expect(body("{{ customer.quote | json }}").text).toBe(JSON.stringify('say "hi"'));
    expect(JSON.parse(body("{{ customer.cart | json }}").text)).toEqual({ value: 129.5, items: [{ sku: "A-1" }, { sku: "B-2" }] });
  });
  it("prints null for a value that is not set, so the body stays valid JSON (and warns)", () => {
    const r = body('{"cart": {{ customer.cart_total | json }}}');
    expect(JSON.parse(r.text)).toEqual({ cart: null });
    expect(r.warnings.map((w) => w.message)).toEqual(["customer.cart_total is not set for this person; it rendered as empty"]);
  });
});

describe("date", () => {
  it("formats ISO strings with strftime, in UTC", () => {
    expect(body('{{ customer.created_at | date: "%Y-%m-%d %H:%M:%S" }}').text).toBe("2026-03-04 05:06:07");
    expect(body('{{ trigger.at | date: "%b %-d, %Y" }}').text).toBe("Dec 1, 2026");
  });
  it("accepts unix seconds as a number or as digits", () => {
    expect(body('{{ customer.signup_unix | date: "%Y-%m-%dT%H:%M:%SZ" }}').text).toBe("2026-01-01T00:00:00Z");
    expect(body('{{ customer.signup_digits | date: "%Y-%m-%d" }}').text).toBe("2026-01-01");
  });
  it("leaves a value that is not a date as it is", () => {
    expect(body('{{ customer.quote | date: "%Y" }}').text).toBe('say "hi"');
  });
});

describe("sha256", () => {
  it("hashes the trimmed, lowercased value as hex", () => {
    const expected = createHash("sha256").update("ann@example.com").digest("hex");
    expect(body("{{ customer.email | sha256 }}").text).toBe(expected);
    expect(body("{{ '  Ann@Example.COM ' | sha256 }}").text).toBe(expected);
  });
  it("prints nothing for a value that is not set (and warns), rather than the hash of an empty string", () => {
    const r = body("{{ customer.email2 | sha256 }}");
    expect(r.text).toBe("");
    expect(r.warnings).toHaveLength(1);
  });
});

describe("built-ins", () => {
  it("works as in Liquid: strings, numbers, arrays", () => {
    expect(body("{{ customer.id | upcase | append: '!' }}").text).toBe("U-1!");
    expect(body("{{ customer.cart.value | times: 100 | round }}").text).toBe("12950");
    expect(body("{{ customer.cart.items | map: 'sku' | join: ',' }}").text).toBe("A-1,B-2");
    expect(body("{{ customer.cart.items.size }} {{ customer.cart.items.first.sku }}").text).toBe("2 A-1");
    expect(body("{% for i in customer.cart.items %}{{ i.sku }};{% endfor %}").text).toBe("A-1;B-2;");
  });
  it("reads only the data's own properties", () => {
    expect(body("[{{ customer.constructor }}{{ customer.__proto__ }}{{ customer.hasOwnProperty }}]").text).toBe("[]");
  });
});
