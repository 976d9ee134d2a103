import { Behaviour, type DemoEvent, type Persona, type SubscriptionStatus } from "@/lib/demo/behaviour";
import type { CountryCode } from "@/lib/demo/catalog";
import { messyEmail, messyPhone, person } from "@/lib/demo/identities";
import { chance, int, rngFor, weighted } from "@/lib/demo/random";
import { DAY, isoTimestamp } from "@/lib/demo/time";
import { normalizeEmail, normalizePhone, type EmailResult, type PhoneResult } from "@/lib/identity/normalize";

// The demo store's customers and what they did, as plain data. Pure and deterministic:
// (seed, index, now, days, idStart) fully determine a person, so the writer can stream
// millions of them holding one at a time.
//
// Shape, by design: viewers >> carters >> checkouts >> purchasers; sessions spread like a
// store's traffic (lib/demo/traffic.ts: weekly and daily rhythm, gentle growth, no pile-up
// near `now`); campaigns reach each person on their own day, so daily totals are smooth;
// lapsed customers (last purchase 90+ days ago, before the event window) still get and click
// win-back emails. That keeps the showcase segments non-empty at a few thousand profiles:
// "checkout started in the last 3 days, at least 2 hours ago, no purchase since", "purchased
// in the last 7 days", "90+ days since last purchase and clicked an email in the last 30 days".

export type { DemoEvent } from "@/lib/demo/behaviour";

export type GenerateOptions = { profiles: number; days: number; seed: number; now: number; idStart?: number };

export type DemoAttributes = {
  first_name: string;
  city: string;
  country: CountryCode;
  subscription_status: SubscriptionStatus;
  accepts_sms: boolean;
  last_purchase_at: string | null;
  lifetime_value: number;
  orders_count: number;
};

export type DemoProfile = {
  id: number;
  externalId: string | null;
  anonymousId: string | null;
  isTest: boolean;
  /** Identifiers as typed (`raw`) and as normalized by lib/identity/normalize.ts. */
  email: EmailResult;
  phone: PhoneResult;
  attributes: DemoAttributes;
  firstSeenAt: number;
  lastSeenAt: number;
};

export type DemoPerson = { profile: DemoProfile; events: DemoEvent[] };

const BEHAVIOUR_STREAM = 2;

/** Internal QA profiles (is_test): ~0.2% of the store, at most 30, at the end of the id range. */
export const testProfileCount = (profiles: number) => Math.min(30, Math.max(1, Math.round(profiles * 0.002)));

export function* generateDemo(options: GenerateOptions): Generator<DemoPerson> {
  for (let index = 0; index < options.profiles; index++) yield generatePerson(options, index);
}

export function generatePerson(o: GenerateOptions, index: number): DemoPerson {
  const id = (o.idStart ?? 1) + index;
  const rng = rngFor(o.seed, index, BEHAVIOUR_STREAM);
  const { now } = o;
  const start = now - o.days * DAY;
  const qa = index - (o.profiles - testProfileCount(o.profiles)) + 1; // 1, 2, ... for QA profiles
  const isTest = qa >= 1;
  const nn = String(qa).padStart(2, "0");

  // ~2% signed up again with an earlier person's address: a duplicate after normalization.
  const who =
    !isTest && index > 0 && chance(rng, 0.02) ? person(o.seed, int(rng, Math.max(0, index - 500), index - 1)) : person(o.seed, index);
  const country: CountryCode = isTest ? "US" : who.country;
  const email = normalizeEmail(isTest ? `qa+${nn}@downstream.test` : messyEmail(rng, who.email));
  // The profile's country is the best hint for numbers typed without a +country code.
  const phone = normalizePhone(isTest ? `+1 415 555 01${nn}` : messyPhone(rng, country), country);

  const persona = weighted<Persona>(rng, [
    ["prospect", 42],
    ["active", 20],
    ["lapsed", 28],
    ["dormant", 10],
  ]);
  const engagement = rng() ** 1.5; // most people barely engage; a few engage a lot
  const status: SubscriptionStatus = !email.sha256
    ? "never"
    : weighted(
        rng,
        persona === "dormant"
          ? [
              ["subscribed", 9],
              ["unsubscribed", 1],
            ]
          : [
              ["subscribed", 72],
              ["unsubscribed", 10],
              ["never", 18],
            ],
      );
  const acceptsSms = phone.valid && chance(rng, 0.45);

  const b = new Behaviour(rng, id, persona, engagement, status, { start, now });
  if (persona === "lapsed") b.priorPurchases(int(rng, 1, 5), now - (Math.max(o.days, 90) + 1 + rng() * 450) * DAY);
  else if (persona === "active" && chance(rng, 0.55)) b.priorPurchases(int(rng, 1, 5), start - rng() * 200 * DAY);
  b.shop();
  b.receiveMessages(acceptsSms);
  const events = b.finish(o.seed);

  const firstSeenAt = Math.min(
    events[0]?.occurredAt ?? now,
    persona === "prospect" ? start + rng() * (now - start) : start - rng() * 400 * DAY,
  );
  return {
    profile: {
      id,
      isTest,
      email,
      phone,
      firstSeenAt,
      lastSeenAt: Math.max(firstSeenAt, events[events.length - 1]?.occurredAt ?? 0),
      externalId: isTest ? `qa_${id}` : chance(rng, 0.9) ? `cus_${100000 + id}` : null,
      anonymousId: chance(rng, 0.6)
        ? `anon_${Math.floor(rng() * 2 ** 32)
            .toString(16)
            .padStart(8, "0")}`
        : null,
      attributes: {
        first_name: isTest ? "QA" : who.firstName,
        city: isTest ? "San Francisco" : who.city,
        country,
        subscription_status: b.status,
        accepts_sms: acceptsSms,
        orders_count: b.ordersCount,
        last_purchase_at: b.lastPurchase === null ? null : isoTimestamp(b.lastPurchase),
        lifetime_value: Math.round(b.lifetimeValue * 100) / 100,
      },
    },
    events,
  };
}
