import { Card, CardHeader } from "@/components/ui/card";

/** A person's attributes (merged from every source), keys sorted. Nested values are shown as JSON. */
export function AttributesCard({ attributes }: { attributes: Record<string, unknown> }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card>
      <CardHeader title="Attributes" description={`${entries.length} from identify calls, Customer.io and imports`} />
      {entries.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">No attributes yet.</p>
      ) : (
        <dl className="divide-y divide-slate-100 text-sm">
          {entries.map(([k, v]) => (
            <div key={k} className="grid grid-cols-3 gap-3 px-5 py-2">
              <dt className="truncate font-mono text-xs text-slate-500" title={k}>
                {k}
              </dt>
              <dd className="col-span-2 font-mono text-xs break-all text-slate-800">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
