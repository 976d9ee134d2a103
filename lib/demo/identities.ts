import { sha256Hex } from "@/lib/crypto";
import { CITIES, COUNTRIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PHONE_PREFIXES, type CountryCode } from "@/lib/demo/catalog";
import { chance, int, pick, rngFor, weighted, type Rng } from "@/lib/demo/random";

// Who a demo person is, and how badly their identifiers were typed. The messiness is
// the point: the identity-coverage views and the normalizer need realistic input.

export type Person = { firstName: string; lastName: string; country: CountryCode; city: string; email: string };

const IDENTITY_STREAM = 1;

/** The clean identity of profile `index`; recomputable, so duplicates can copy an earlier person. */
export function person(seed: number, index: number): Person {
  const rng = rngFor(seed, index, IDENTITY_STREAM);
  const firstName = pick(rng, FIRST_NAMES);
  const lastName = pick(rng, LAST_NAMES);
  const country = weighted(rng, COUNTRIES);
  const f = firstName.toLowerCase();
  const l = lastName.toLowerCase();
  // The index suffix keeps addresses unique unless we duplicate on purpose.
  const local = weighted(rng, [
    [`${f}.${l}${index}`, 5],
    [`${f}${l}${index}`, 2],
    [`${f[0]}${l}${index}`, 2],
    [`${f}_${index}`, 1],
  ]);
  return { firstName, lastName, country, city: pick(rng, CITIES[country]), email: `${local}@${weighted(rng, EMAIL_DOMAINS)}` };
}

const titleCase = (s: string) => s.replace(/(^|[._])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());

/** The address as a form or an import would have captured it. */
export function messyEmail(rng: Rng, email: string): string | null {
  const r = rng();
  if (r < 0.07) return null; // never gave one
  if (r < 0.082) {
    const [local, domain] = email.split("@") as [string, string];
    return pick(rng, [
      `${local}@${domain.split(".")[0]}`,
      `${local} at ${domain}`,
      `${local}@@${domain}`,
      `${local}${domain}`,
      `${local}@`,
    ]);
  }
  if (r < 0.087) return sha256Hex(email); // an upstream tool hashed it for us
  let value = email;
  if (chance(rng, 0.3)) {
    const [local, domain] = value.split("@") as [string, string];
    value = `${titleCase(local)}@${chance(rng, 0.3) ? domain.toUpperCase() : titleCase(domain)}`;
  }
  if (chance(rng, 0.12)) value = pick(rng, [` ${value}`, `${value} `, `  ${value}\t`, `\n${value} `]);
  return value;
}

function digits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(int(rng, 0, 9));
  return s;
}

const BROKEN_PHONES = ["n/a", "123", "0000000000", "call me", "+1 (000) 000-0000", "555-0134", "none", "1234567"];

/** A phone number in whatever local or international format the person typed. */
export function messyPhone(rng: Rng, country: CountryCode): string | null {
  const r = rng();
  if (r < 0.35) return null;
  const prefix = pick(rng, PHONE_PREFIXES[country]);
  if (r < 0.39) {
    // Plausible but wrong: a digit dropped, or junk.
    return chance(rng, 0.5) ? `(${prefix}) ${digits(rng, 3)}-${digits(rng, 3)}` : pick(rng, BROKEN_PHONES);
  }
  switch (country) {
    case "US":
    case "CA": {
      const ex = `${int(rng, 2, 9)}${digits(rng, 2)}`;
      const line = digits(rng, 4);
      return pick(rng, [
        `(${prefix}) ${ex}-${line}`,
        `${prefix}-${ex}-${line}`,
        `${prefix}.${ex}.${line}`,
        `+1 ${prefix} ${ex} ${line}`,
        `1${prefix}${ex}${line}`,
        `${prefix}${ex}${line}`,
      ]);
    }
    case "GB": {
      const rest = digits(rng, 6);
      return pick(rng, [
        `0${prefix} ${rest}`,
        `+44 ${prefix} ${rest}`,
        `0${prefix}${rest}`,
        `+44${prefix}${rest}`,
        `0044 ${prefix} ${rest}`,
      ]);
    }
    case "AU": {
      const a = digits(rng, 3);
      const b = digits(rng, 3);
      return pick(rng, [`0${prefix} ${a} ${b}`, `+61 ${prefix} ${a} ${b}`, `0${prefix}${a}${b}`]);
    }
    case "DE": {
      const rest = digits(rng, prefix === "151" ? 8 : 7);
      return pick(rng, [`0${prefix} ${rest}`, `+49 ${prefix} ${rest}`, `0${prefix}${rest}`]);
    }
  }
}
