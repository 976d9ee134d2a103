import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { ATTEMPT_OUTCOME_WORDS, type AttemptView } from "@/lib/delivery/attempts";

// The "Last attempts" card of a ledger's page (an event stream, a webhook action): its last
// requests, newest first: when, the outcome in words with the HTTP status, how long it took and
// the (redacted, cut short) response. A probe says "Probe"; a test send from the simulator "Test".

const outcomeTone: Record<string, "success" | "warning" | "danger" | "neutral"> = {
  delivered: "success",
  throttled: "warning",
  failed: "danger",
  timeout: "danger",
  unreachable: "danger",
  gone: "danger",
};

type Props = {
  attempts: (AttemptView & { test?: boolean })[];
  description: string;
  /** What the card says before the first request. */
  empty: string;
  /** A stream batches events: show how many each request carried. */
  showEvents?: boolean;
};

export function LedgerAttempts({ attempts, description, empty, showEvents = false }: Props) {
  return (
    <Card className="mt-6">
      <CardHeader title="Last attempts" description={description} />
      {attempts.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-500">{empty}</p>
        </CardBody>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Time</TH>
              <TH>Outcome</TH>
              <TH className="text-right">Latency</TH>
              {showEvents && <TH className="text-right">Events</TH>}
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
                {showEvents && <TD className="text-right tabular-nums">{formatNumber(a.size)}</TD>}
                <TD>
                  {a.responseExcerpt ? (
                    <pre
                      className={`max-h-24 ${showEvents ? "max-w-md" : "max-w-xl"} overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-700`}
                    >
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
      )}
    </Card>
  );
}
