// A tiny argv parser for our scripts: `--key value`, `--key=value` and bare `--flag`.
// Not a library on purpose: the scripts need exactly this and nothing more.

export type Flags = Record<string, string | true>;

/**
 * Flags from argv (without node and the script path). A token following `--key` is its
 * value unless it is itself a flag, so `--seed -5` works and `--reset --force` are two flags.
 */
export function parseArgs(argv: string[] = process.argv.slice(2)): Flags {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith("--") || token === "--") continue;
    const eq = token.indexOf("=");
    if (eq !== -1) {
      flags[token.slice(2, eq)] = token.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      flags[token.slice(2)] = next;
      i++;
    } else {
      flags[token.slice(2)] = true;
    }
  }
  return flags;
}

/** Arguments before the first flag, e.g. the benchmark name in `bench seed --profiles 10`. */
export function positionals(argv: string[] = process.argv.slice(2)): string[] {
  const firstFlag = argv.findIndex((a) => a.startsWith("--"));
  return (firstFlag === -1 ? argv : argv.slice(0, firstFlag)).filter((a) => a !== "--");
}

export function stringFlag(flags: Flags, key: string): string | undefined {
  const value = flags[key];
  if (value === true) throw new Error(`--${key} needs a value`);
  return value;
}

export function intFlag(flags: Flags, key: string, fallback: number): number {
  const value = stringFlag(flags, key);
  if (value === undefined) return fallback;
  // Accept 1e6 and 1_000_000 as well as 1000000.
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isSafeInteger(n)) throw new Error(`--${key} must be an integer, got "${value}"`);
  return n;
}

export function boolFlag(flags: Flags, key: string): boolean {
  const value = flags[key];
  return value === true || value === "true" || value === "1";
}
