import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { formatNumber } from "@/components/ui/format";
import { TimeAgo } from "@/components/ui/time-ago";
import type { listRejections } from "@/lib/ingest/rejections";
import type { SourceView } from "@/lib/sources/source-view";
import { RevealApiKey, RevokeButton, RotateButton, SigningKeyForm } from "./source-controls";

// One source: the credentials and URLs for each client, what to paste where, and what it has
// recently sent that was refused.

type IngestRejection = Awaited<ReturnType<typeof listRejections>>[number];
type Props = { source: SourceView; writeKey: string; canManage: boolean; rejections: IngestRejection[]; rejected24h: number };

export function SourceCard({ source: s, writeKey, canManage, rejections, rejected24h }: Props) {
  const revoked = s.status === "revoked";
  return (
    <Card className={revoked ? "opacity-70" : undefined}>
      <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
        <div>
          <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900" data-testid="source-name">
            {s.name}
            {revoked ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">
            Last data <TimeAgo date={s.lastReceivedAt} empty="never" /> · created <TimeAgo date={s.createdAt} />
            {rejected24h > 0 && (
              <>
                {" "}
                · <span className="text-amber-700">{formatNumber(rejected24h)} refused in 24 h</span>
              </>
            )}
          </p>
        </div>
        {canManage && !revoked && <RevokeButton sourceId={s.id} name={s.name} />}
      </div>

      <Section title="Segment (analytics-node, analytics.js, HTTP API)">
        {canManage ? <CopyField value={writeKey} label="Write key" /> : <code className="font-mono text-xs">{s.segment.writeKey}</code>}
        <Snippet>{`new Analytics({ writeKey: "${canManage ? writeKey : "<write key>"}", host: "${s.segment.host}", path: "${s.segment.path}" })`}</Snippet>
        {canManage && !revoked && <RotateButton sourceId={s.id} keyName="write_key" label="write key" />}
      </Section>

      <Section title="Customer.io Track API (customerio-node)">
        <Pair label="Site id">
          <code className="font-mono text-xs">{s.customerio.siteId}</code>
        </Pair>
        <Pair label="API key">
          {canManage ? <RevealApiKey sourceId={s.id} /> : <span className="text-xs text-slate-400">Admins only</span>}
        </Pair>
        <Snippet>{`new TrackClient("${s.customerio.siteId}", "<api key>", { url: "${s.customerio.trackUrl}" })`}</Snippet>
        <p className="text-xs text-slate-500">
          customerio-node always uses HTTPS on port 443 and ignores a port in <code>url</code>; on another port also pass <code>port</code>.
        </p>
        {canManage && !revoked && <RotateButton sourceId={s.id} keyName="cio_api_key" label="Track API key" />}
      </Section>

      <Section title="Customer.io reporting webhook">
        <CopyField value={s.webhook.url} label="Webhook URL" />
        <Pair label="Signing key">
          {s.webhook.signingKeySet ? <Badge tone="success">Set</Badge> : <Badge tone="warning">Not set: webhooks are refused</Badge>}
        </Pair>
        {canManage && !revoked && <SigningKeyForm sourceId={s.id} isSet={s.webhook.signingKeySet} />}
      </Section>

      {rejections.length > 0 && (
        <Section title="Recently refused">
          <ul className="space-y-1.5 text-xs" data-testid="rejections">
            {rejections.map((r) => (
              <li key={String(r.id)} className="flex gap-3">
                <span className="w-20 shrink-0 text-slate-400">
                  <TimeAgo date={r.receivedAt} />
                </span>
                <span className="w-28 shrink-0 text-slate-500">{r.channel}</span>
                <span className="min-w-0 text-slate-800">
                  {r.error}
                  {r.messageId && <span className="text-slate-400"> · {r.messageId}</span>}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </Card>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2 border-b border-slate-100 px-5 py-4 last:border-0">
      <h4 className="text-xs font-medium tracking-wide text-slate-500 uppercase">{title}</h4>
      {children}
    </section>
  );
}

function Pair({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center gap-3 text-sm">
      <span className="w-24 shrink-0 text-xs text-slate-500">{label}</span>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}

function Snippet({ children }: { children: string }) {
  return <pre className="overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-[11px] text-slate-100">{children}</pre>;
}
