// The errors of a form's repeating rows (headers, conditions, secrets): the server names a row by
// its index (`trigger.filters.1.value`), and the list under the rows says which one it means.

export const replaceAt = <T,>(list: T[], i: number, patch: Partial<T>) => list.map((x, j) => (j === i ? { ...x, ...patch } : x));

/** Each row's first error among `fields`, else an error on the row as a whole. */
export function rowErrors(err: (key: string) => string | undefined, prefix: string, n: number, fields: string[]): (string | undefined)[] {
  return Array.from({ length: n }, (_, i) => fields.map((k) => err(`${prefix}.${i}.${k}`)).find(Boolean) ?? err(`${prefix}.${i}`));
}

export function RowErrors({ errors }: { errors: (string | undefined)[] }) {
  const shown = errors.map((m, i) => (m ? `Row ${i + 1}: ${m}` : null)).filter(Boolean);
  return shown.length ? (
    <ul className="space-y-0.5 text-xs text-red-600">
      {shown.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  ) : null;
}
