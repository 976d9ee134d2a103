import { Card, CardHeader } from "@/components/ui/card";
import type { Identifier, PersonDetail } from "@/lib/people/get-person";
import { IdentifierStatus } from "./identifier-status";

/** Every identifier as received and as stored, with why an unusable one will not match. */
export function IdentifiersCard({ identifiers }: { identifiers: PersonDetail["identifiers"] }) {
  return (
    <Card>
      <CardHeader title="Identifiers" description="As received, and as normalized and hashed for matching." />
      <dl className="divide-y divide-slate-100 text-sm">
        <Row label="External id">
          {identifiers.externalId ? (
            <code className="font-mono text-xs break-all text-slate-800">{identifiers.externalId}</code>
          ) : (
            <span className="text-slate-400">None</span>
          )}
        </Row>
        <IdentifierRow label="Email" id={identifiers.email} />
        <IdentifierRow label="Phone" id={identifiers.phone} />
        <Row label="Anonymous ids">
          {identifiers.anonymousIds.length ? (
            <ul className="space-y-0.5">
              {identifiers.anonymousIds.map((a) => (
                <li key={a}>
                  <code className="font-mono text-xs break-all text-slate-700">{a}</code>
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-slate-400">None</span>
          )}
        </Row>
      </dl>
    </Card>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-3 px-5 py-3">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="col-span-2 min-w-0">{children}</dd>
    </div>
  );
}

function IdentifierRow({ label, id }: { label: string; id: Identifier }) {
  return (
    <Row label={label}>
      <div className="flex items-center gap-2">
        <IdentifierStatus valid={id.valid} prehashed={id.prehashed} error={id.error} />
        {id.error && id.error !== "missing" && <span className="text-xs text-red-700">{id.error}</span>}
      </div>
      {id.raw !== null && (
        <dl className="mt-2 space-y-1 text-xs">
          <Pair k="Raw" v={JSON.stringify(id.raw)} />
          {id.normalized && <Pair k="Normalized" v={id.normalized} />}
          {id.sha256 && <Pair k="SHA-256" v={`${id.sha256.slice(0, 16)}…`} title={id.sha256} />}
        </dl>
      )}
    </Row>
  );
}

function Pair({ k, v, title }: { k: string; v: string; title?: string }) {
  return (
    <div className="flex gap-2">
      <dt className="w-20 shrink-0 text-slate-400">{k}</dt>
      <dd className="min-w-0 font-mono break-all text-slate-700" title={title}>
        {v}
      </dd>
    </div>
  );
}
