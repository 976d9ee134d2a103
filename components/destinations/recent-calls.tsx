import Link from "next/link";
import { clsx } from "clsx";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatTimestamp } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { callStatusWord, isFailedCall } from "@/lib/destinations/call-status-word";
import type { PlatformCallView } from "@/lib/destinations/list-platform-calls";

// The request inspector on the destination page: what Downstream sent the platform and what it
// answered, newest first. The toggle is a link (?calls=errors), so it works without JavaScript.

export function RecentCalls({
  destinationId,
  calls,
  errorsOnly,
}: {
  destinationId: string;
  calls: PlatformCallView[];
  errorsOnly: boolean;
}) {
  const base = `/destinations/${destinationId}`;
  return (
    <Card className="mt-6">
      <CardHeader
        title="Recent calls"
        description="The last 100 requests to the platform from syncs and connection tests, kept at least 7 days. Tokens and personal details are hidden."
        action={
          <nav aria-label="Which calls" className="flex gap-1 text-sm">
            <ToggleLink href={base} active={!errorsOnly}>
              All
            </ToggleLink>
            <ToggleLink href={`${base}?calls=errors`} active={errorsOnly}>
              Errors only
            </ToggleLink>
          </nav>
        }
      />
      <CardBody>
        {calls.length === 0 ? (
          <p className="text-sm text-slate-500">
            {errorsOnly ? "No failed calls in the recent ones." : "No calls yet: run a sync or test the connection."}
          </p>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Time</TH>
                <TH>Request</TH>
                <TH>Answer</TH>
                <TH className="text-right">Took</TH>
              </TR>
            </THead>
            <TBody>
              {calls.map((c) => (
                <TR key={c.id}>
                  <TD className="whitespace-nowrap align-top text-slate-600">{formatTimestamp(c.at)}</TD>
                  <TD className="max-w-xl align-top">
                    <span className="font-mono text-xs">
                      {c.method} <span className="break-all">{c.path}</span>
                    </span>
                    {c.error && <p className="mt-1 text-xs text-red-700">{c.error}</p>}
                    {(c.requestExcerpt || c.responseExcerpt) && (
                      <details className="mt-1 text-xs">
                        <summary className="cursor-pointer text-indigo-700">What was sent and answered</summary>
                        {c.requestExcerpt && <Excerpt label="Sent">{c.requestExcerpt}</Excerpt>}
                        {c.responseExcerpt && <Excerpt label="Answered">{c.responseExcerpt}</Excerpt>}
                      </details>
                    )}
                  </TD>
                  <TD className="whitespace-nowrap align-top">
                    <Badge tone={isFailedCall(c) ? "danger" : "success"}>{callStatusWord(c.status)}</Badge>
                  </TD>
                  <TD className="whitespace-nowrap text-right align-top tabular-nums">{c.durationMs.toLocaleString("en-US")} ms</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}

function ToggleLink({ href, active, children }: { href: string; active: boolean; children: string }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-current={active ? "true" : undefined}
      className={clsx("rounded-md px-2 py-1", active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:text-indigo-700")}
    >
      {children}
    </Link>
  );
}

function Excerpt({ label, children }: { label: string; children: string }) {
  return (
    <div className="mt-2">
      <p className="font-medium text-slate-600">{label}</p>
      <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-slate-800">{children}</pre>
    </div>
  );
}
