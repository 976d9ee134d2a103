import { describe, expect, it } from "vitest";
import { actionDefinitionSchema } from "@/lib/webhook-actions/action-schemas";
import type { ActionScope } from "@/lib/webhook-actions/liquid/build-scope";
import { checkActionTemplates } from "@/lib/webhook-actions/liquid/check-templates";
import { renderActionRequest } from "@/lib/webhook-actions/liquid/render-request";
import { definitionFromForm, secretNames } from "./action-form-values";
import { ACTION_TEMPLATES, formFromTemplate } from "./action-templates";

// The gallery's templates are what a marketer starts from: each must save as it is (its Liquid
// checks clean with its own secrets) and render a valid JSON body for a real-looking person.

const at = "2026-12-01T10:00:00.000Z";
const customer = {
  id: "cus_100042",
  external_id: "cus_100042",
  profile_id: "42",
  email: "jane@example.com",
  phone: null,
  created_at: at,
  first_seen_at: at,
  last_seen_at: at,
  first_name: "Jane",
  lifetime_value: 812.5,
  cart_value: 129.5,
  last_sku: "SKU-123",
};

function scopeFor(kind: "enter" | "event"): ActionScope {
  return {
    customer,
    segment: kind === "enter" ? { id: "seg_1", name: "Cart abandoners" } : undefined,
    event:
      kind === "event"
        ? { id: "9", name: "email_unsubscribed", type: "track", properties: {}, occurred_at: at, received_at: at, message_id: null }
        : undefined,
    trigger: { kind, at },
  };
}

describe("the template gallery", () => {
  it.each(ACTION_TEMPLATES.map((t) => [t.key]))("%s saves as it is and renders a JSON body", (key) => {
    const form = formFromTemplate(key, [
      { id: "seg_1", name: "Cart abandoners" },
      { id: "seg_2", name: "VIP customers" },
    ]);
    const d = actionDefinitionSchema.parse(definitionFromForm({ ...form, segmentId: form.segmentId || "seg_1" }));
    const names = secretNames(form.secrets);
    const kind = d.trigger.kind === "event" ? "event" : "enter";
    expect(checkActionTemplates(d.request, names, { triggerKind: kind })).toEqual([]);
    const r = renderActionRequest(d.request, scopeFor(kind), { secretNames: names });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(() => JSON.parse(r.request.body)).not.toThrow();
    expect(r.warnings).toEqual([]);
  });

  it("sends the cart abandoner's cart value, last SKU and category to the CRM", () => {
    const form = formFromTemplate("cart-abandoner-crm", [{ id: "seg_9", name: "Checkout started, no purchase in 2 hours" }]);
    expect(form.segmentId).toBe("seg_9");
    const d = actionDefinitionSchema.parse(definitionFromForm(form));
    const r = renderActionRequest(d.request, scopeFor("enter"), { secretNames: ["crm_api_key"] });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(JSON.parse(r.request.body)).toMatchObject({
      customer_id: "cus_100042",
      email: "jane@example.com",
      cart_value: 129.5,
      last_sku: "SKU-123",
      product_category: "unknown",
      segment: "Cart abandoners",
    });
  });

  it("warns, at its line, when the person has no cart value", () => {
    const d = actionDefinitionSchema.parse(
      definitionFromForm(formFromTemplate("cart-abandoner-crm", [{ id: "seg_9", name: "Cart abandoners" }])),
    );
    const { cart_value: _c, ...without } = customer;
    const r = renderActionRequest(d.request, { ...scopeFor("enter"), customer: without }, { secretNames: ["crm_api_key"] });
    expect(r.warnings).toEqual([
      expect.objectContaining({ field: "body", line: 5, message: expect.stringContaining("customer.cart_value") }),
    ]);
  });
});
