import { describeSchedule, describeSeconds } from "@/lib/delivery/retry-schedule";
import type { ActionView } from "@/lib/webhook-actions/action-view";

// What an action sends and how, as saved: method and URL, headers and body (the Liquid templates;
// secrets appear only as {{ secrets.name }}), which secrets are set (last 4 characters), signing,
// what is written back, and the limits.

function signingWords(a: ActionView): string {
  if (a.signing.mode === "none") return "Not signed";
  const key = a.signingKey ? ` · key ${a.signingKey.preview}` : "";
  return a.signing.mode === "standard"
    ? `Standard Webhooks (webhook-signature)${key}`
    : `HMAC-SHA256 of the body in ${a.signing.header}${key}`;
}

export function RequestSummary({ action: a }: { action: ActionView }) {
  return (
    <div className="space-y-4 text-sm">
      <p className="font-mono text-xs break-all" data-testid="request-line">
        <span className="font-semibold">{a.request.method}</span> {a.request.url}
      </p>
      {a.request.headers.length > 0 && (
        <ul className="space-y-0.5 font-mono text-xs text-slate-700">
          {a.request.headers.map((h, i) => (
            <li key={i} className="break-all">
              <span className="text-slate-500">{h.name}:</span> {h.value}
            </li>
          ))}
        </ul>
      )}
      {a.request.body && (
        <pre className="max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{a.request.body}</pre>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
        <dt className="text-slate-500">Secrets</dt>
        <dd data-testid="secret-previews">
          {!a.secretsReadable
            ? "Cannot be decrypted; enter them again (Edit)."
            : a.secrets.length
              ? a.secrets.map((s) => (
                  <span key={s.name} className="mr-3 font-mono text-xs">
                    {s.name} <span className="text-slate-500">{s.preview}</span>
                  </span>
                ))
              : "None"}
        </dd>
        <dt className="text-slate-500">Signing</dt>
        <dd>{signingWords(a)}</dd>
        <dt className="text-slate-500">Writes back</dt>
        <dd>{a.responseMapping.length ? a.responseMapping.map((m) => `${m.from} → ${m.to}`).join(", ") : "Nothing"}</dd>
        <dt className="text-slate-500">Rate limit</dt>
        <dd>{a.ratePerSecond === null ? "None" : `${a.ratePerSecond} requests per second`}</dd>
        <dt className="text-slate-500">Timeout</dt>
        <dd>{describeSeconds(a.timeoutMs / 1000)}</dd>
        <dt className="text-slate-500">Retries</dt>
        <dd>{describeSchedule(a.retrySchedule)}, then dead (replayable)</dd>
      </dl>
    </div>
  );
}
