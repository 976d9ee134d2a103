// Stable keys: how a configuration document names its resources and the references between
// them, so a file written in staging means the same thing in production (database ids differ
// per workspace). A key is the slug of the resource's name; two resources of one kind whose
// names slug alike get -2, -3… in the order they were created.

export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "unnamed";
}

/** Keys for rows already ordered by creation (oldest first): the first of a name gets the plain slug. */
export function assignKeys<T extends { id: string; name: string }>(rows: T[]): Map<string, string> {
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  for (const row of rows) {
    const base = slugify(row.name);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    keys.set(row.id, key);
  }
  return keys;
}

/** Whether `key` is what the workspace would call a resource named `name` (the slug, or the slug with -N). */
export function keyFitsName(key: string, name: string): boolean {
  const base = slugify(name);
  return key === base || new RegExp(`^${base.replace(/-/g, "\\-")}-\\d+$`).test(key);
}
