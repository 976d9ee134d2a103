import { describe, expect, it } from "vitest";
import type { ActionRequest } from "@/lib/webhook-actions/action-schemas";
import { checkActionTemplates } from "@/lib/webhook-actions/liquid/check-templates";
import { fillSecrets, MissingSecretError, secretMarker } from "@/lib/webhook-actions/liquid/secret-markers";
import { describeProblem } from "@/lib/webhook-actions/liquid/template-problem";

const request = (r: Partial<ActionRequest>): ActionRequest => ({
  method: "POST",
  url: "https://crm.example.com/people",
  headers: [],
  body: "",
  ...r,
});
const check = (r: Partial<ActionRequest>, secrets: string[] = ["api_key"]) => checkActionTemplates(request(r), secrets);

describe("checkActionTemplates", () => {
  it("accepts a sound action", () => {
    expect(
      check({
        url: "https://crm.example.com/people/{{ customer.id }}?k={{ secrets.api_key }}",
        headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
        body: '{% assign v = customer.cart_value | default: 0 %}{"v": {{ v }}, "sku": {{ event.properties.sku | json }}, "at": "{{ trigger.at }}"}',
      }),
    ).toEqual([]);
  });

  it("refuses a template that does not parse, with its line and column", () => {
    expect(check({ body: '{\n  "a": {% if customer.vip %}1\n}' })).toEqual([
      { field: "body", line: 2, column: 8, message: "{% if customer.vip %} is never closed (its end tag is missing)." },
    ]);
    expect(check({ body: "ok\n\n   {{ customer.email | upcas }}" })).toEqual([
      { field: "body", line: 3, column: 4, message: 'There is no filter called "upcas".' },
    ]);
    expect(check({ headers: [{ name: "X-A", value: "{{ customer.id " }] })).toEqual([
      { field: "headers.0.value", line: 1, column: 1, message: 'A "{{" is never closed with "}}".' },
    ]);
  });

  it("refuses tags that would read files", () => {
    expect(check({ body: "{% include '/etc/passwd' %}" })[0]?.message).toBe(
      "Templates cannot use {% include %}: they cannot load other files.",
    );
    expect(check({ body: "{% render 'x' %}" })[0]?.message).toMatch(/cannot use \{% render %\}/);
  });

  it("refuses a secret through a filter, inside a tag or as an argument, saying why", () => {
    const problems = check({
      headers: [{ name: "Authorization", value: "{{ secrets.api_key | base64_encode }}" }],
      body: "{% assign k = secrets.api_key %}{{ 'Bearer ' | append: secrets.api_key }}",
    });
    expect(problems.map((p) => [p.field, p.line, p.column])).toEqual([
      ["headers.0.value", 1, 4],
      ["body", 1, 15],
      ["body", 1, 56],
    ]);
    expect(problems[0]?.message).toBe(
      "A secret can only be used on its own, as {{ secrets.api_key }}: through a filter or inside a tag it would be sent changed.",
    );
  });

  it("refuses a secret the action does not have, and a name that is not in scope", () => {
    expect(check({ body: "{{ secrets.token }} {{ custmer.email }}" }).map((p) => p.message)).toEqual([
      'There is no secret called "token". Add it under Secrets, or correct the name.',
      '"custmer" is not something a template can use; use customer, event, segment, trigger or secrets.',
    ]);
  });

  it("refuses URLs that cannot be right for anyone", () => {
    expect(check({ url: "http://crm.example.com/hook" })[0]?.message).toMatch(/must use https/);
    expect(check({ url: "https://bot:pw@crm.example.com/hook" })[0]?.message).toMatch(/put them in secrets/);
    expect(check({ url: "{{ secrets.api_key }}/hook" })[0]?.message).toMatch(/not a full address/);
    expect(check({ url: "https://{{ secrets.api_key }}/hook" })[0]?.message).toMatch(/host cannot come from a secret/);
    expect(check({ url: "https://{{ secrets.api_key }}@crm.example.com/hook" })).toEqual([]);
    expect(check({ url: "http://localhost:4000/hook" })).toEqual([]);
  });

  it("refuses reserved headers, line breaks in header templates and the marker characters in a template's own text", () => {
    expect(check({ headers: [{ name: "Webhook-Signature", value: "x" }] })).toEqual([
      { field: "headers.0.name", message: "Webhook-Signature is set by Downstream; remove this header." },
    ]);
    expect(check({ headers: [{ name: "X-A", value: "a\nb" }] })[0]?.message).toBe("A header value cannot contain a line break.");
    expect(check({ body: `{"k": "${secretMarker("api_key")}"}` })[0]?.message).toMatch(/reserved character/);
  });

  it("describes a problem in one line for a skip reason", () => {
    expect(describeProblem({ field: "headers.1.value", line: 2, column: 5, message: "Oops." })).toBe(
      "Header 2 value, line 2, column 5: Oops.",
    );
  });
});

describe("fillSecrets", () => {
  it("refuses to send a marker naming a secret the action no longer has", () => {
    expect(() => fillSecrets(`Bearer ${secretMarker("gone")}`, { api_key: "x" })).toThrow(MissingSecretError);
    expect(fillSecrets("no markers", {})).toBe("no markers");
  });
});
