import type { z } from "zod";
import { connectorFor } from "@/lib/connectors/registry";
import { configDocument, type ConfigDocument } from "@/lib/config-as-code/config-document";
import { formatPath, splitDotted, strippedFields, type PathPart } from "@/lib/config-as-code/config-path";
import { idsToKeys, keysToIds, segmentIdPaths, segmentKeyRefs } from "@/lib/config-as-code/segment-refs";
import { keyFitsName, slugify } from "@/lib/config-as-code/stable-key";
import { kindSpec } from "@/lib/destinations/destination-form";
import { createDestinationInput } from "@/lib/destinations/destination-schemas";
import { AppError, type FieldIssue } from "@/lib/errors";
import { createSegmentInput } from "@/lib/segments/segment-input";
import { parseDefinition } from "@/lib/segments/validate";
import { createSuppressionRuleInput } from "@/lib/suppression/suppression-schemas";
import { createSyncInput } from "@/lib/sync/sync-schemas";
import { safeParseHuman } from "@/lib/validation/human-issue";

// A configuration document from a file or an API body, checked completely before anything is
// planned or applied: the document's shape (unknown fields refused), every value against the
// same schemas the domain functions use, unique keys, and every reference resolvable within the
// file. All problems come back at once, each naming its path. The result is normalized
// (defaults filled, settings as the connector stores them, sorted by key), so comparing it with
// an export of the workspace shows only real differences.

type Issue = { path: PathPart[]; message: string };

/** A file's text as JSON, or a 400 saying where it stops being JSON; checked by parseConfig afterwards. */
export function readConfigText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad_request", `The configuration file is not valid JSON: ${(e as Error).message}`);
  }
}

export function parseConfig(input: unknown): ConfigDocument {
  const issues: Issue[] = [];
  let shape = safeParseHuman(configDocument, input);
  if (!shape.success) {
    issues.push(...shape.error.issues.flatMap(shapeIssue));
    // Unknown fields alone do not stop the deeper checks: drop them and keep looking, so
    // every problem is reported at once.
    if (shape.error.issues.some((i) => i.code !== "unrecognized_keys")) throw refused(issues);
    shape = safeParseHuman(
      configDocument,
      withoutFields(
        input,
        issues.map((i) => i.path),
      ),
    );
    if (!shape.success) throw refused(issues);
  }
  const doc = shape.data;
  const report = (path: PathPart[], message: string) => issues.push({ path, message });

  uniqueKeys(doc, report);
  const segmentKeys = new Set(doc.segments.map((s) => s.key));
  const destinationKinds = new Map(doc.destinations.map((d) => [d.key, d.kind]));
  const syncKeys = new Set(doc.syncs.map((s) => s.key));

  const segments = doc.segments.map((s, i) => {
    const at: PathPart[] = ["segments", i];
    // The values as the domain stores them (names trimmed…), so an untidy file plans no change forever.
    const input = fields(
      createSegmentInput,
      { name: s.name, description: s.description, refreshIntervalMinutes: s.refreshIntervalMinutes, definition: {} },
      at,
      report,
    );
    const tidy = { ...s, name: String(input?.name ?? s.name), description: (input?.description as string | null | undefined) ?? null };
    for (const p of segmentIdPaths(s.definition))
      report([...at, "definition", ...p], "Unknown field: name the other segment by its key in “segment”");
    for (const ref of segmentKeyRefs(s.definition)) {
      if (typeof ref.key === "string" && !segmentKeys.has(ref.key))
        report([...at, "definition", ...ref.path], `No segment with key “${ref.key}” in this file`);
    }
    // Keys stand in for ids while the definition schema checks everything else.
    const translated = keysToIds(s.definition, (key) => key);
    const parsed = parseDefinition(translated, "");
    if (!parsed.ok) {
      for (const issue of parsed.issues)
        report([...at, "definition", ...splitDotted(issue.path).map((p) => (p === "segmentId" ? "segment" : p))], issue.message);
      return tidy;
    }
    for (const p of strippedFields(translated, parsed.definition)) report([...at, "definition", ...p], "Unknown field");
    return { ...tidy, definition: idsToKeys(parsed.definition, (key) => key) as Record<string, unknown> };
  });
  cycles(doc, report);

  const destinations = doc.destinations.map((d, i) => {
    const at: PathPart[] = ["destinations", i];
    const input = fields(createDestinationInput, { name: d.name, kind: d.kind }, at, report);
    const tidy = { ...d, name: String(input?.name ?? d.name) };
    const connector = connectorFor(d.kind) as { settingsSchema: z.ZodType };
    const parsed = connector.settingsSchema.safeParse(d.settings);
    const credentialFields = new Set(kindSpec(d.kind).credentials.map((f) => f.name));
    for (const field of Object.keys(d.credentialsFromEnv)) {
      if (!credentialFields.has(field))
        report(
          [...at, "credentialsFromEnv", field],
          `Not a credential of this destination kind; it takes ${[...credentialFields].join(", ")}`,
        );
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        report([...at, "settings", ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))], issue.message);
      return tidy;
    }
    for (const p of strippedFields(d.settings, parsed.data)) report([...at, "settings", ...p], "Unknown field");
    return { ...tidy, settings: parsed.data as Record<string, unknown> };
  });

  const syncs = doc.syncs.map((s, i) => {
    const at: PathPart[] = ["syncs", i];
    if (!segmentKeys.has(s.segment)) report([...at, "segment"], `No segment with key “${s.segment}” in this file`);
    const kind = destinationKinds.get(s.destination);
    if (!kind) report([...at, "destination"], `No destination with key “${s.destination}” in this file`);
    const { key: _k, segment: _s, destination: _d, state, ...rest } = s;
    const input = fields(
      createSyncInput,
      { ...rest, segmentId: "x", destinationId: "x", state: state === "paused" ? "draft" : state },
      at,
      report,
    );
    if (kind) {
      const takes = kindSpec(kind).identifiers;
      const unsupported = s.identifiers.filter((x) => !takes.includes(x));
      if (unsupported.length) report([...at, "identifiers"], `${kindSpec(kind).label} does not take ${unsupported.join(", ")}`);
    }
    if (!input) return s;
    return {
      ...s,
      name: String(input.name),
      remoteAudienceName: String(input.remoteAudienceName),
      scheduleCron: (input.scheduleCron as string | null) ?? null,
    };
  });

  const rules = doc.suppressionRules.map((r, i) => {
    const at: PathPart[] = ["suppressionRules", i];
    if (!segmentKeys.has(r.segment)) report([...at, "segment"], `No segment with key “${r.segment}” in this file`);
    r.syncs.forEach((key, j) => {
      if (!syncKeys.has(key)) report([...at, "syncs", j], `No sync with key “${key}” in this file`);
    });
    if (r.scope === "all_promotional" && r.syncs.length) report([...at, "syncs"], "Only a rule with scope “selected” lists syncs");
    const input = fields(
      createSuppressionRuleInput,
      { name: r.name, segmentId: "x", scope: r.scope, syncIds: r.syncs, enabled: r.enabled },
      at,
      report,
      {
        syncIds: "syncs",
      },
    );
    return { ...r, name: String(input?.name ?? r.name), syncs: [...r.syncs].sort() };
  });

  if (issues.length) throw refused(issues);
  const byKey = <T extends { key: string }>(list: T[]) => [...list].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    version: doc.version,
    segments: byKey(segments),
    destinations: byKey(destinations),
    syncs: byKey(syncs),
    suppressionRules: byKey(rules),
  };
}

function withoutFields(input: unknown, paths: PathPart[][]): unknown {
  const copy = structuredClone(input) as Record<PathPart, unknown>;
  for (const path of paths) {
    const parent = path.slice(0, -1).reduce<unknown>((o, p) => (o as Record<PathPart, unknown> | undefined)?.[p], copy) as
      Record<PathPart, unknown> | undefined;
    if (parent && typeof parent === "object") delete parent[path.at(-1)!];
  }
  return copy;
}

function shapeIssue(issue: z.core.$ZodIssue): Issue[] {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: [...path, k], message: "Unknown field" }));
  return [{ path, message: issue.message }];
}

/** Values checked by a domain input schema; its field names mapped back to the document's. */
function fields(
  schema: z.ZodType,
  value: unknown,
  at: PathPart[],
  report: (p: PathPart[], m: string) => void,
  rename: Record<string, string> = {},
): Record<string, unknown> | null {
  const parsed = safeParseHuman(schema, value);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  for (const issue of parsed.error.issues) {
    const [head, ...tail] = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
    if (head === "segmentId" || head === "destinationId" || head === "definition") continue; // placeholders
    report([...at, ...(head === undefined ? [] : [rename[head as string] ?? head]), ...tail], issue.message);
  }
  return null;
}

function uniqueKeys(doc: ConfigDocument, report: (p: PathPart[], m: string) => void) {
  for (const section of ["segments", "destinations", "syncs", "suppressionRules"] as const) {
    const seen = new Map<string, number>();
    (doc[section] as { key: string; name: string }[]).forEach((entry, i) => {
      if (seen.has(entry.key)) report([section, i, "key"], `The key “${entry.key}” is already used by ${section}[${seen.get(entry.key)}]`);
      else seen.set(entry.key, i);
      // The workspace names a resource by the slug of its name: a key that is not that slug
      // would never match on the next plan (a rename is a new key: delete and create).
      if (!keyFitsName(entry.key, entry.name))
        report([section, i, "key"], `The key of “${entry.name}” is “${slugify(entry.name)}” (keys follow names; to rename, change both)`);
    });
  }
}

/** A segment that depends on itself, however indirectly, has no membership: refused at its first rule in the loop. */
function cycles(doc: ConfigDocument, report: (p: PathPart[], m: string) => void) {
  const index = new Map(doc.segments.map((s, i) => [s.key, i]));
  const deps = new Map(doc.segments.map((s) => [s.key, segmentKeyRefs(s.definition)]));
  const state = new Map<string, "visiting" | "done">();
  const visit = (key: string, trail: string[]) => {
    if (state.get(key) === "done") return;
    state.set(key, "visiting");
    for (const ref of deps.get(key) ?? []) {
      if (typeof ref.key !== "string" || !index.has(ref.key)) continue;
      if (state.get(ref.key) === "visiting") {
        const full = [...trail, key];
        const loop = [...full.slice(full.indexOf(ref.key)), ref.key].map((k) => `“${k}”`).join(" → ");
        report(
          ["segments", index.get(key)!, "definition", ...ref.path],
          `This makes a loop: ${loop}. Segments cannot depend on themselves.`,
        );
        continue;
      }
      visit(ref.key, [...trail, key]);
    }
    state.set(key, "done");
  };
  for (const s of doc.segments) visit(s.key, []);
}

function refused(issues: Issue[]): AppError {
  const list: FieldIssue[] = issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const shown = list
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  const more = list.length > 5 ? ` (and ${list.length - 5} more)` : "";
  return new AppError("validation_failed", `The configuration was refused: ${shown}${more}`, { issues: list });
}
