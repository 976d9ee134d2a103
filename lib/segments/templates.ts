import type { SegmentDefinition } from "@/lib/segments/definition";

// Starting points from the retention playbook, one click to create and then edit.
// Shared with the browser. Intent tiers are exclusive (each leaves out the next tier up),
// so each tier can get its own bid and creative without paying twice for one person.

export type SegmentTemplate = {
  key: string;
  name: string;
  /** Why a marketer would want it; shown on the template card. */
  pitch: string;
  use: "retargeting" | "suppression" | "reactivation" | "ads";
  definition: SegmentDefinition;
};

const last = (amount: number, unit: "hours" | "days") => ({ type: "last" as const, amount, unit });
const noPurchaseSince = { event: "order_completed" };

export const TEMPLATES: SegmentTemplate[] = [
  {
    key: "intent-viewed",
    name: "Cart intent · 1 · Viewed a product",
    pitch: "Browsed in the last 3 days but did not add to cart or buy. Lowest tier: light bids, broad creative.",
    use: "retargeting",
    definition: {
      version: 1,
      match: "all",
      conditions: [
        { type: "sequence", did: { event: "product_viewed" }, window: last(3, "days"), noneSince: noPurchaseSince },
        { type: "event", event: "added_to_cart", performed: false, window: last(3, "days") },
      ],
      cap: { days: 3 },
    },
  },
  {
    key: "intent-cart",
    name: "Cart intent · 2 · Added to cart",
    pitch: "Added to cart in the last 3 days, no checkout and no purchase since. Show the product they picked.",
    use: "retargeting",
    definition: {
      version: 1,
      match: "all",
      conditions: [
        { type: "sequence", did: { event: "added_to_cart" }, window: last(3, "days"), noneSince: noPurchaseSince },
        { type: "event", event: "checkout_started", performed: false, window: last(3, "days") },
      ],
      cap: { days: 3 },
    },
  },
  {
    key: "intent-checkout",
    name: "Cart intent · 3 · Started checkout",
    pitch: "Started checkout in the last 3 days and has not bought since. Highest tier: strongest bids.",
    use: "retargeting",
    definition: {
      version: 1,
      match: "all",
      conditions: [{ type: "sequence", did: { event: "checkout_started" }, window: last(3, "days"), noneSince: noPurchaseSince }],
      cap: { days: 3 },
    },
  },
  {
    key: "checkout-no-purchase-2h",
    name: "Checkout started, no purchase in 2 hours",
    pitch: "Amplify cart recovery in paid while the abandonment email and SMS run. Purchasers leave at once.",
    use: "retargeting",
    definition: {
      version: 1,
      match: "all",
      conditions: [
        {
          type: "sequence",
          did: { event: "checkout_started" },
          window: last(3, "days"),
          atLeastAgo: { amount: 2, unit: "hours" },
          noneSince: noPurchaseSince,
        },
      ],
      cap: { days: 3 },
    },
  },
  {
    key: "purchased-7d",
    name: "Purchased in the last 7 days",
    pitch: "The suppression segment: keep recent buyers out of every promo and retargeting audience.",
    use: "suppression",
    definition: {
      version: 1,
      match: "all",
      conditions: [{ type: "event", event: "order_completed", performed: true, window: last(7, "days") }],
    },
  },
  {
    key: "reactivation-90d-engaged",
    name: "Reactivation: 90+ days since last purchase, engaged with email",
    pitch: "Lapsed buyers who still open or click your emails: run light paid reactivation beside the win-back series.",
    use: "reactivation",
    definition: {
      version: 1,
      match: "all",
      conditions: [
        { type: "attribute", field: "last_purchase_at", op: "more_than_ago", value: { amount: 90, unit: "days" } },
        {
          type: "group",
          match: "any",
          conditions: [
            { type: "event", event: "email_opened", performed: true, window: last(30, "days") },
            { type: "event", event: "email_clicked", performed: true, window: last(30, "days") },
          ],
        },
      ],
    },
  },
  {
    key: "high-intent-identified",
    name: "High intent with email or phone",
    pitch: "Cart or checkout in the last 3 days, no purchase since, and matchable by ad platforms. Keep the rest in owned channels.",
    use: "ads",
    definition: {
      version: 1,
      match: "all",
      conditions: [
        {
          type: "group",
          match: "any",
          conditions: [
            { type: "sequence", did: { event: "checkout_started" }, window: last(3, "days"), noneSince: noPurchaseSince },
            { type: "sequence", did: { event: "added_to_cart" }, window: last(3, "days"), noneSince: noPurchaseSince },
          ],
        },
        { type: "identifier", identifier: "email_or_phone", present: true },
      ],
      cap: { days: 3 },
    },
  },
];

export const templateByKey = (key: string) => TEMPLATES.find((t) => t.key === key);
