import type { ReactNode } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatCount } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";

// The "Dead letters" card of a ledger's page (an event stream, a webhook action): what failed
// every retry, kept until replayed. The owner names what a dead letter was (an event and its
// person; a person and what fired) in its own columns; when it gave up, after how many attempts,
// and the last error are the same everywhere. Editors get the replay buttons the owner passes.

/** What every ledger's dead letter has (lib/delivery/dead-letters.ts). */
export type DeadLetterRow = {
  deliveryId: string;
  deadAt: string | Date;
  attempts: number;
  replays: number;
  lastStatus: number | null;
  lastError: string | null;
};

export type DeadLetterColumn<R> = { header: string; className?: string; cell: (row: R) => ReactNode };

type Props<R extends DeadLetterRow> = {
  rows: R[];
  description: string;
  /** The owner's columns, before "Gave up" and "Last error". */
  columns: DeadLetterColumn<R>[];
  /** Editors only: the button replaying every dead letter, and the one replaying a row. */
  replayAll?: ReactNode;
  replay?: (row: R) => ReactNode;
};

export function LedgerDeadLetters<R extends DeadLetterRow>({ rows, description, columns, replayAll, replay }: Props<R>) {
  return (
    <Card className="mt-6">
      <CardHeader title="Dead letters" description={description} action={rows.length > 0 ? replayAll : undefined} />
      {rows.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-500">None. Nothing has run out of retries.</p>
        </CardBody>
      ) : (
        <Table>
          <THead>
            <TR>
              {columns.map((c) => (
                <TH key={c.header}>{c.header}</TH>
              ))}
              <TH>Gave up</TH>
              <TH>Last error</TH>
              {replay && <TH />}
            </TR>
          </THead>
          <TBody>
            {rows.map((d) => (
              <TR key={d.deliveryId} data-testid="dead-row">
                {columns.map((c) => (
                  <TD key={c.header} className={c.className}>
                    {c.cell(d)}
                  </TD>
                ))}
                <TD>
                  <TimeAgo date={d.deadAt} />
                  <div className="text-xs text-slate-500">
                    after {formatCount(d.attempts, "attempt")}
                    {d.replays > 0 && ` · replayed ${d.replays}×`}
                  </div>
                </TD>
                <TD className="max-w-xs text-xs text-slate-600">
                  {d.lastStatus !== null && `${d.lastStatus} · `}
                  {d.lastError ?? "—"}
                </TD>
                {replay && <TD className="text-right">{replay(d)}</TD>}
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
