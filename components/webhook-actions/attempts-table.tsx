import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { ATTEMPT_OUTCOME_WORDS, type AttemptView } from "@/lib/delivery/attempts";

// An action's last requests, newest first: when, the outcome in words with the HTTP status, how
// long it took and the (redacted, cut short) response. A test send from the simulator says "Test".

const outcomeTone: Record<string, "success" | "warning" | "danger" | "neutral"> = {
  delivered: "success",
  throttled: "warning",
  failed: "danger",
  timeout: "danger",
  unreachable: "danger",
  gone: "danger",
};

export function AttemptsTable({ attempts }: { attempts: (AttemptView & { test?: boolean })[] }) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>Time</TH>
          <TH>Outcome</TH>
          <TH className="text-right">Latency</TH>
          <TH>Response</TH>
        </TR>
      </THead>
      <TBody>
        {attempts.map((a) => (
          <TR key={a.id} data-testid="attempt-row">
            <TD className="whitespace-nowrap">
              <TimeAgo date={a.startedAt} />
              {a.test && (
                <div className="mt-0.5">
                  <Badge tone="accent">Test</Badge>
                </div>
              )}
              {a.probe && <div className="text-xs text-slate-500">Probe</div>}
            </TD>
            <TD>
              <Badge tone={outcomeTone[a.outcome] ?? "neutral"}>
                {ATTEMPT_OUTCOME_WORDS[a.outcome] ?? a.outcome}
                {a.status !== null && ` · ${a.status}`}
              </Badge>
              {a.error && <p className="mt-1 max-w-xs text-xs text-slate-500">{a.error}</p>}
            </TD>
            <TD className="text-right tabular-nums">{formatNumber(a.durationMs)} ms</TD>
            <TD>
              {a.responseExcerpt ? (
                <pre className="max-h-24 max-w-xl overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-700">
                  {a.responseExcerpt}
                </pre>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
