import { CAMPAIGNS, PRODUCTS, type Product } from "@/lib/demo/catalog";
import { chance, exponential, int, pick, poisson, type Rng } from "@/lib/demo/random";
import { DAY, HOUR, isoTimestamp, MINUTE } from "@/lib/demo/time";
import { dayStart, sendTime, trafficTime } from "@/lib/demo/traffic";

// What one demo person did inside the event window: shopping sessions shaped as a funnel,
// and the messages a Customer.io workspace sent them, with their engagement.
// A class rather than closures: this runs per person, millions of times, and per-call
// closures showed up in profiles (allocation, and esbuild's keepNames wrapper under tsx).

export type Persona = "prospect" | "active" | "lapsed" | "dormant";
export type SubscriptionStatus = "subscribed" | "unsubscribed" | "never";
export type DemoEvent = { name: string; occurredAt: number; messageId: string; properties: Record<string, unknown> };

// Per persona: mean sessions (plus `perEngagement` x engagement 0..1) and funnel step odds.
const PERSONAS: Record<Persona, { sessions: number; perEngagement: number; cart: number; checkout: number; order: number }> = {
  prospect: { sessions: 0.4, perEngagement: 3.5, cart: 0.18, checkout: 0.45, order: 0.4 },
  active: { sessions: 1, perEngagement: 5, cart: 0.35, checkout: 0.6, order: 0.75 },
  lapsed: { sessions: 0.2, perEngagement: 1.2, cart: 0.12, checkout: 0.4, order: 0.25 },
  dormant: { sessions: 0, perEngagement: 0, cart: 0, checkout: 0, order: 0 },
};

type Send = { t: number; channel: "email" | "sms"; campaignId: number; journeyId: string; reach: number; click: number };

// Recurring campaigns reach each person on their own day of the cycle (`phase`), as journeys
// and send-time optimization do, so no single day carries a whole list's emails.
const isDue = (k: number, everyDays: number, phase: number) => (k + phase) % everyDays === 0;
const product = (pr: Product) => ({ sku: pr.sku, product_name: pr.name, category: pr.category, price: pr.price });
const sendOrder = (a: Send, b: Send) => a.t - b.t;
const eventOrder = (a: DemoEvent, b: DemoEvent) => a.occurredAt - b.occurredAt;

export class Behaviour {
  readonly events: DemoEvent[] = [];
  ordersCount = 0;
  lifetimeValue = 0;
  lastPurchase: number | null = null;
  private readonly sends: Send[] = [];
  private deliveries = 0;

  constructor(
    private readonly rng: Rng,
    private readonly profileId: number,
    private readonly persona: Persona,
    private readonly engagement: number,
    public status: SubscriptionStatus,
    private readonly window: { start: number; now: number },
  ) {}

  /** Purchases before the window exist only as attributes, as an import would bring them. */
  priorPurchases(count: number, last: number) {
    this.ordersCount = count;
    for (let i = 0; i < count; i++) this.lifetimeValue += int(this.rng, 40, 180);
    this.lastPurchase = last;
  }

  shop() {
    const { rng, window } = this;
    const p = PERSONAS[this.persona];
    // x1.5 keeps recent volumes where they were when sessions crowded toward `now`.
    const sessions = poisson(rng, 1.5 * (p.sessions + p.perEngagement * this.engagement));
    // Spread like a store's traffic (lib/demo/traffic.ts): weekly and daily rhythm, no pile-up at `now`.
    for (let s = 0; s < sessions; s++) this.session(trafficTime(rng, window.start, window.now));
  }

  private session(t0: number) {
    const { rng } = this;
    const p = PERSONAS[this.persona];
    let t = t0;
    const viewed: Product[] = [];
    for (let v = 1 + Math.min(5, poisson(rng, 1.2)); v > 0; v--) {
      const pr = pick(rng, PRODUCTS);
      viewed.push(pr);
      this.emit("product_viewed", t, product(pr));
      t += int(rng, 15, 180) * 1000;
    }
    if (!chance(rng, p.cart)) return;
    const cart = viewed.slice(0, chance(rng, 0.25) ? 2 : 1);
    let cartValue = 0;
    for (const pr of cart) {
      cartValue += pr.price;
      this.emit("added_to_cart", t, { ...product(pr), quantity: 1, cart_value: cartValue });
      t += int(rng, 20, 240) * 1000;
    }
    if (!chance(rng, p.checkout)) return;
    const main = cart[0]!;
    const basket = { cart_value: cartValue, sku: main.sku, category: main.category, product_name: main.name, items: cart.length };
    this.emit("checkout_started", t, basket);
    const orderAt = t + int(rng, 1, 8) * MINUTE;
    if (chance(rng, p.order) && orderAt <= this.window.now) {
      this.ordersCount++;
      this.lifetimeValue += cartValue;
      this.lastPurchase = Math.max(this.lastPurchase ?? 0, orderAt);
      this.emit("order_completed", orderAt, { order_id: `ord_${this.profileId}_${this.ordersCount}`, ...basket });
      this.sends.push({ t: orderAt + DAY, channel: "email", ...CAMPAIGNS.postPurchase, reach: 1, click: 0.2 });
    } else {
      this.sends.push({ t: t + HOUR, channel: "email", ...CAMPAIGNS.abandonedCart, reach: 1, click: 0.35 });
    }
  }

  /** Recurring campaigns: every N days, on this person's own day of the cycle, in the US afternoon. */
  receiveMessages(acceptsSms: boolean) {
    const { rng, window } = this;
    const { newsletter, winback, smsPromo } = CAMPAIGNS;
    const phase = {
      newsletter: int(rng, 0, newsletter.everyDays - 1),
      winback: int(rng, 0, winback.everyDays - 1),
      sms: int(rng, 0, smsPromo.everyDays - 1),
    };
    const today = dayStart(window.now);
    for (let k = 0; today - k * DAY >= window.start - DAY; k++) {
      const day = today - k * DAY;
      if (isDue(k, newsletter.everyDays, phase.newsletter))
        this.sends.push({ t: sendTime(rng, day), channel: "email", ...newsletter, click: 0.25 });
      if (this.persona === "lapsed" && isDue(k, winback.everyDays, phase.winback))
        this.sends.push({ t: sendTime(rng, day), channel: "email", ...winback, click: 0.45 });
      if (acceptsSms && isDue(k, smsPromo.everyDays, phase.sms))
        this.sends.push({ t: sendTime(rng, day), channel: "sms", ...smsPromo, click: 0.1 });
    }
    // In time order, so an unsubscribe stops the emails after it.
    this.sends.sort(sendOrder);
    for (const send of this.sends) this.deliver(send);
  }

  private deliver(send: Send) {
    const { rng } = this;
    if (send.t > this.window.now || !chance(rng, send.reach)) return;
    if (send.channel === "email" && this.status !== "subscribed") return;
    // One delivery's events share these properties (as Customer.io reporting webhooks do).
    const props = {
      campaign_id: send.campaignId,
      message_id: `dlv_${this.profileId}_${++this.deliveries}`,
      journey_id: send.journeyId,
      variation: chance(rng, 0.5) ? "A" : "B",
      sent_at: isoTimestamp(send.t),
    };
    if (send.channel === "sms") {
      this.emit("sms_sent", send.t, props);
      if (chance(rng, send.click + 0.1 * this.engagement)) this.emit("sms_clicked", send.t + exponential(rng, 20 * MINUTE), props);
      return;
    }
    this.emit("email_sent", send.t, props);
    if (chance(rng, 0.015)) return this.emit("email_bounced", send.t + int(rng, 2, 60) * 1000, props);
    this.emit("email_delivered", send.t + int(rng, 2, 90) * 1000, props);
    const openedAt = send.t + exponential(rng, 3 * HOUR);
    if (chance(rng, 0.12 + 0.5 * this.engagement)) {
      this.emit("email_opened", openedAt, props);
      if (chance(rng, send.click)) this.emit("email_clicked", openedAt + int(rng, 5, 600) * 1000, props);
    }
    if (chance(rng, 0.004) && openedAt + MINUTE <= this.window.now) {
      this.emit("email_unsubscribed", openedAt + MINUTE, props);
      this.status = "unsubscribed";
    }
  }

  private emit(name: string, t: number, properties: Record<string, unknown>) {
    if (t >= this.window.start && t <= this.window.now) this.events.push({ name, occurredAt: Math.floor(t), messageId: "", properties });
  }

  /**
   * Sorts events by time and numbers them. Monotonic message ids (zero-padded profile id,
   * then sequence) keep inserts into the unique index at its right edge, and stay unique
   * across seeds appended to the same database.
   */
  finish(seed: number): DemoEvent[] {
    this.events.sort(eventOrder);
    const prefix = `demo-${seed}-${String(this.profileId).padStart(10, "0")}-`;
    for (let i = 0; i < this.events.length; i++) this.events[i]!.messageId = prefix + String(i).padStart(4, "0");
    return this.events;
  }
}
