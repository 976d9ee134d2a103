// "Checkout 2h → Meta" for a delivered audience, without saying the destination twice when
// the sync's own name already ends with it ("Checkout 2h → Meta" → Meta). Pure.
export function syncLabel(syncName: string, destination: string): { name: string; to: string | null } {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  const name = norm(syncName);
  const dest = norm(destination);
  const named = dest !== "" && (name === dest || name.endsWith(` ${dest}`));
  return { name: syncName, to: named ? null : destination };
}
