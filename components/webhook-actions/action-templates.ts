import { BLANK_FORM, type ActionFormState } from "@/components/webhook-actions/action-form-values";

// The New webhook action gallery: common requests written out, to start from instead of a blank
// form. Each fills the whole form; the segment is the workspace's own that best fits (by name),
// or none, and the URL and secrets are placeholders to replace with your tool's.

export type ActionTemplate = {
  key: string;
  title: string;
  pitch: string;
  /** Names a segment that fits, to preselect: the first segment whose name matches. */
  segmentHint?: RegExp;
  form: Omit<ActionFormState, "segmentId">;
};

const json = [{ name: "Content-Type", value: "application/json" }];

export const ACTION_TEMPLATES: ActionTemplate[] = [
  {
    key: "cart-abandoner-crm",
    title: "Cart abandoner → CRM with cart value and last SKU",
    pitch:
      "When someone enters your cart-abandonment segment, post them to your CRM with their cart value, last SKU and product category, for dynamic creative and retargeting.",
    segmentHint: /abandon|checkout started|cart/i,
    form: {
      ...BLANK_FORM,
      name: "Cart abandoner → CRM",
      triggerKind: "segment_entered",
      frequencyLimit: { amount: "1", unit: "days" },
      method: "POST",
      url: "https://api.your-crm.example/v1/events",
      headers: [...json, { name: "Authorization", value: "Bearer {{ secrets.crm_api_key }}" }],
      body: `{
  "type": "cart_abandoned",
  "customer_id": {{ customer.id | json }},
  "email": {{ customer.email | json }},
  "cart_value": {{ customer.cart_value | json }},
  "last_sku": {{ customer.last_sku | json }},
  "product_category": {{ customer.last_category | default: "unknown" | json }},
  "segment": {{ segment.name | json }},
  "entered_at": {{ trigger.at | json }}
}`,
      secrets: [{ name: "crm_api_key", value: "", preview: null, replacing: false }],
      ratePerSecond: "50",
    },
  },
  {
    key: "vip-slack",
    title: "VIP entered → Slack",
    pitch: "Tell your team in Slack when a customer becomes a VIP, with their name, email and lifetime value.",
    segmentHint: /vip|high.value|lifetime|loyal/i,
    form: {
      ...BLANK_FORM,
      name: "New VIP → Slack",
      triggerKind: "segment_entered",
      method: "POST",
      url: "https://hooks.slack.com/services/{{ secrets.slack_webhook_path }}",
      headers: json,
      body: `{% capture text %}New VIP: {{ customer.first_name | default: "someone" }} ({{ customer.email | default: customer.id }}) entered {{ segment.name }}. Lifetime value: {{ customer.lifetime_value | default: 0 }}{% endcapture %}
{ "text": {{ text | json }} }`,
      secrets: [{ name: "slack_webhook_path", value: "", preview: null, replacing: false }],
      ratePerSecond: "1",
    },
  },
  {
    key: "unsubscribed-suppression",
    title: "Unsubscribed → suppression list API",
    pitch: "When someone unsubscribes from email, add their hashed email to another tool's suppression list within seconds.",
    form: {
      ...BLANK_FORM,
      name: "Unsubscribes → suppression list",
      triggerKind: "event",
      eventName: "email_unsubscribed",
      method: "PUT",
      url: "https://api.your-tool.example/v1/suppressions/{{ customer.email | sha256 }}",
      headers: [...json, { name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
      body: `{
  "email_sha256": {{ customer.email | sha256 | json }},
  "reason": "unsubscribed",
  "unsubscribed_at": {{ event.occurred_at | default: trigger.at | json }}
}`,
      secrets: [{ name: "api_key", value: "", preview: null, replacing: false }],
    },
  },
];

/** The form a template starts, with the first segment whose name fits it preselected. */
export function formFromTemplate(key: string | undefined, segments: { id: string; name: string }[]): ActionFormState {
  const t = ACTION_TEMPLATES.find((x) => x.key === key);
  if (!t) return { ...BLANK_FORM, segmentId: "" };
  const hint = t.segmentHint;
  const segmentId = (hint && segments.find((s) => hint.test(s.name))?.id) ?? "";
  return { ...t.form, headers: t.form.headers.map((h) => ({ ...h })), secrets: t.form.secrets.map((s) => ({ ...s })), segmentId };
}
