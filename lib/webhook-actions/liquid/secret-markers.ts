// Secrets never enter a rendered request. `{{ secrets.api_key }}` renders as a marker,
// ⟦secret:api_key⟧ spelled with two Unicode private-use characters (U+E000 … U+E001), and the
// delivery payload stores that. The sender calls fillSecrets on the URL, each header value and the
// body right before the request goes (on the raw strings, before any URL parsing, which would
// percent-encode the marker), so the values live only in the sealed column and in memory.
// Displays call maskSecrets, which turns markers and any echoed secret value into ••••.
//
// Why a fixed shape and not a random nonce: rendering (the runtime's render step, or the
// simulator) and sending (any worker, later) run in different processes, so a marker must be
// recognisable without shared state. The price is that the shape is public, so it must not be
// forgeable by a person's data: if a person's attribute said "⟦secret:api_key⟧" and the body
// printed it, the sender would put the real key in the body. Two rules close that:
//   1. Every value a template prints ({{ … }}, echo, cycle) passes the engine's output escape
//      (liquid-engine.ts), which removes the two delimiter characters from anything that is not a
//      secret reference. A secret reference is a SecretRef object that only the scope's `secrets`
//      holds; attributes come from JSON and can never be one. Removing the delimiters (not only
//      whole markers) also stops two printed values from joining into one marker.
//   2. A template whose own text contains a delimiter is refused (check-templates.ts), so the
//      template's literal text cannot supply half a marker either.
// A secret may be printed only bare, as {{ secrets.name }}: through a filter it would be
// transformed (upcase, base64…) and no longer match, so checkActionTemplates refuses that on save.

export const MARK_OPEN = "\uE000";
export const MARK_CLOSE = "\uE001";
const MARKER = /\uE000secret:([A-Za-z_][A-Za-z0-9_]{0,63})\uE001/g;
const DELIMITERS = /[\uE000\uE001]/g;

export const MASK = "••••";

export const secretMarker = (name: string): string => `${MARK_OPEN}secret:${name}${MARK_CLOSE}`;

/** What `secrets.name` is in a template's scope: printed bare, it becomes the marker (see liquid-engine.ts). */
export class SecretRef {
  constructor(readonly name: string) {}
  get marker(): string {
    return secretMarker(this.name);
  }
  // Through a filter or in a comparison a reference is only a placeholder, never the marker, so a
  // transformed copy can never be filled. Such templates are refused on save anyway.
  toString(): string {
    return "[secret]";
  }
  toJSON(): string {
    return "[secret]";
  }
}

/** The scope's `secrets`: one reference per secret the action has. */
export function secretRefs(names: readonly string[]): Record<string, SecretRef> {
  const refs: Record<string, SecretRef> = {};
  for (const n of names) refs[n] = new SecretRef(n);
  return refs;
}

/** Removes the marker delimiters from printed data (rule 1 above). Fast path: most text has none. */
export function stripMarkerDelimiters(text: string): string {
  return text.indexOf(MARK_OPEN) === -1 && text.indexOf(MARK_CLOSE) === -1 ? text : text.replace(DELIMITERS, "");
}

export const hasMarkerDelimiter = (text: string): boolean => text.indexOf(MARK_OPEN) !== -1 || text.indexOf(MARK_CLOSE) !== -1;

/** Names of the secrets a rendered text refers to, in order of appearance (repeats kept). */
export function markedSecretNames(text: string): string[] {
  if (!hasMarkerDelimiter(text)) return [];
  return [...text.matchAll(MARKER)].map((m) => m[1]!);
}

export class MissingSecretError extends Error {
  constructor(readonly secretName: string) {
    super(`The request uses the secret "${secretName}", which this action no longer has. Add it under Secrets.`);
    this.name = "MissingSecretError";
  }
}

/**
 * Puts the real values in place of the markers, at send time only. A marker naming a secret the
 * action does not have throws (sending "⟦secret:x⟧" or an empty credential would be wrong either way).
 */
export function fillSecrets(text: string, secrets: Readonly<Record<string, string>>): string {
  if (!hasMarkerDelimiter(text)) return text;
  return text.replace(MARKER, (_, name: string) => {
    const value = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
    if (value === undefined) throw new MissingSecretError(name);
    return value;
  });
}

/**
 * For anything shown or stored: markers become •••• and so does every occurrence of a secret
 * value (a receiver may echo the key back in its answer). Values shorter than 4 characters are
 * masked too; longest first, so a value containing another is masked whole.
 */
export function maskSecrets(text: string, secretValues: Iterable<string> = []): string {
  let out = hasMarkerDelimiter(text) ? text.replace(MARKER, MASK) : text;
  const values = [...secretValues].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  for (const v of values) if (out.includes(v)) out = out.split(v).join(MASK);
  return out;
}
