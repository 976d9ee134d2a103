// In the document an "in segment" rule names the other segment by key (`segment`); in the
// database by id (`segmentId`). These walk a definition's conditions, groups included, and
// swap one for the other. Anything that is not a segment rule passes through untouched.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function mapConditions(definition: unknown, swap: (condition: Json) => Json): unknown {
  if (!isObject(definition) || !Array.isArray(definition.conditions)) return definition;
  const walk = (conditions: unknown[]): unknown[] =>
    conditions.map((c) => {
      if (!isObject(c)) return c;
      if (c.type === "segment") return swap(c);
      if (c.type === "group" && Array.isArray(c.conditions)) return { ...c, conditions: walk(c.conditions) };
      return c;
    });
  return { ...definition, conditions: walk(definition.conditions) };
}

/** Database form → document form: `segmentId: <id>` becomes `segment: <key>` (an unknown id stays as is, visibly). */
export function idsToKeys(definition: unknown, keyOf: (id: string) => string | undefined): unknown {
  return mapConditions(definition, ({ segmentId, ...rest }) => ({ ...rest, segment: keyOf(String(segmentId)) ?? segmentId }));
}

/** Document form → what the definition schema reads; `segmentId` in a file is left for the unknown-field check. */
export function keysToIds(definition: unknown, idOf: (key: string) => string): unknown {
  return mapConditions(definition, (c) => {
    if (!("segment" in c)) return c;
    const { segment, ...rest } = c;
    return { ...rest, segmentId: typeof segment === "string" ? idOf(segment) : segment };
  });
}

/** Every `segment` key a document-form definition refers to, with its path under the definition. */
export function segmentKeyRefs(definition: unknown): { path: (string | number)[]; key: unknown }[] {
  const out: { path: (string | number)[]; key: unknown }[] = [];
  const walk = (conditions: unknown, base: (string | number)[]) => {
    if (!Array.isArray(conditions)) return;
    conditions.forEach((c, i) => {
      if (!isObject(c)) return;
      if (c.type === "segment" && "segment" in c) out.push({ path: [...base, i, "segment"], key: c.segment });
      if (c.type === "group") walk(c.conditions, [...base, i, "conditions"]);
    });
  };
  if (isObject(definition)) walk(definition.conditions, ["conditions"]);
  return out;
}

/** Paths of `segmentId` fields in a document-form definition: ids do not travel between workspaces. */
export function segmentIdPaths(definition: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (conditions: unknown, base: (string | number)[]) => {
    if (!Array.isArray(conditions)) return;
    conditions.forEach((c, i) => {
      if (!isObject(c)) return;
      if (c.type === "segment" && "segmentId" in c) out.push([...base, i, "segmentId"]);
      if (c.type === "group") walk(c.conditions, [...base, i, "conditions"]);
    });
  };
  if (isObject(definition)) walk(definition.conditions, ["conditions"]);
  return out;
}
