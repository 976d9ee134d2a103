import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { PersonSummary } from "@/lib/people/search-people";

/** Search results: who each person is, their identifiers as stored, and what the search matched. */
export function PeopleTable({ people, searching }: { people: PersonSummary[]; searching: boolean }) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>Person</TH>
          <TH>Email</TH>
          <TH>Phone</TH>
          <TH>Last seen</TH>
          {searching && <TH>Matched on</TH>}
        </TR>
      </THead>
      <TBody>
        {people.map((p) => (
          <TR key={p.id} data-testid="person-row" className="hover:bg-slate-50">
            <TD>
              <Link href={`/people/${p.id}`} className="font-medium text-indigo-700 hover:underline">
                {p.externalId ?? <span className="text-slate-500 italic">No external id</span>}
              </Link>
              {p.isTest && (
                <Badge tone="warning" className="ml-2">
                  Test
                </Badge>
              )}
              <div className="text-xs text-slate-400">#{p.id}</div>
            </TD>
            <TD>
              <Value normalized={p.email} raw={p.emailRaw} />
            </TD>
            <TD>
              <Value normalized={p.phone} raw={p.phoneRaw} invalid={p.phoneRaw !== null && !p.phoneValid} />
            </TD>
            <TD>
              <TimeAgo date={p.lastSeenAt} />
            </TD>
            {searching && (
              <TD>
                <div className="flex flex-wrap gap-1">
                  {p.matchedOn.map((m) => (
                    <Badge key={m} tone="accent">
                      {m}
                    </Badge>
                  ))}
                </div>
              </TD>
            )}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

function Value({ normalized, raw, invalid }: { normalized: string | null; raw: string | null; invalid?: boolean }) {
  if (normalized) return <span className="font-mono text-xs text-slate-800">{normalized}</span>;
  if (!raw) return <span className="text-slate-400">—</span>;
  const hashed = /^[0-9a-f]{64}$/i.test(raw.trim());
  return (
    <span className="inline-flex items-center gap-2">
      <span className="font-mono text-xs text-slate-500">{raw.length > 40 ? `${raw.slice(0, 24)}…` : raw}</span>
      <Badge tone={hashed ? "accent" : invalid === false ? "neutral" : "danger"}>{hashed ? "pre-hashed" : "invalid"}</Badge>
    </span>
  );
}
