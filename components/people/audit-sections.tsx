import { formatCount, formatNumber, formatPercent } from "@/components/ui/format";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import type { IdentityAudit } from "@/lib/identity/audit/identity-audit";

// The list-like parts of the identity audit: invalid formats, normalization changes, duplicates, per segment.

const Mono = ({ children }: { children: React.ReactNode }) => (
  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] break-all text-slate-700">{children}</code>
);

export function InvalidFormats({ title, rows }: { title: string; rows: IdentityAudit["invalid"]["email"] }) {
  return (
    <div>
      <h3 className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">None invalid.</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {rows.map((r) => (
            <li key={r.reason}>
              <div className="flex justify-between gap-2">
                <span className="text-slate-800">{r.reason}</span>
                <span className="text-slate-500 tabular-nums">{formatNumber(r.count)}</span>
              </div>
              <div className="mt-1 flex flex-wrap gap-1">
                {r.examples.map((e) => (
                  <Mono key={e}>{JSON.stringify(e)}</Mono>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function NormalizationChanges({ n }: { n: IdentityAudit["normalization"] }) {
  return (
    <ul className="space-y-3 text-sm">
      {n.changes.map((c) => (
        <li key={c.kind}>
          <div className="flex justify-between gap-2">
            <span className="text-slate-800">{c.kind}</span>
            <span className="text-slate-500 tabular-nums">{formatNumber(c.count)}</span>
          </div>
          <div className="mt-1 space-y-0.5">
            {c.examples.map((e, i) => (
              <div key={i} className="flex flex-wrap items-center gap-1 text-xs text-slate-400">
                <Mono>{JSON.stringify(e.raw)}</Mono> → <Mono>{e.normalized}</Mono>
              </div>
            ))}
          </div>
        </li>
      ))}
      <li className="text-xs text-slate-500">
        Already in canonical form: {formatCount(n.unchanged.email, "email")}, {formatCount(n.unchanged.phone, "phone")}.
      </li>
    </ul>
  );
}

export function DuplicateList({ label, d }: { label: string; d: IdentityAudit["duplicates"]["email"] }) {
  return (
    <div>
      {d.groups === 0 ? (
        <p className="text-sm text-slate-500">No two people share {label === "emails" ? "an email" : "a phone number"}.</p>
      ) : (
        <p className="text-sm text-slate-800">
          <span className="font-medium tabular-nums">{formatNumber(d.groups)}</span> {label} shared by{" "}
          <span className="font-medium tabular-nums">{formatNumber(d.profiles)}</span> people
        </p>
      )}
      <ul className="mt-2 space-y-2">
        {d.examples.map((x) => (
          <li key={x.value} className="text-xs">
            <Mono>{x.value}</Mono> <span className="text-slate-500">× {x.people}, typed as</span>{" "}
            <span className="inline-flex flex-wrap gap-1">
              {x.spellings.map((s) => (
                <Mono key={s}>{JSON.stringify(s)}</Mono>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SegmentCoverageTable({ rows }: { rows: IdentityAudit["segments"] }) {
  if (!rows.length)
    return (
      <p className="text-sm text-slate-500">No segments with members yet. Once segments are refreshed, each shows its own coverage here.</p>
    );
  return (
    <Table>
      <THead>
        <TR>
          <TH>Segment</TH>
          <TH className="text-right">Members</TH>
          <TH className="text-right">Valid email</TH>
          <TH className="text-right">Valid phone</TH>
          <TH className="text-right">Matchable</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((s) => (
          <TR key={s.id}>
            <TD className="font-medium text-slate-900">{s.name}</TD>
            <TD className="text-right tabular-nums">{formatNumber(s.members)}</TD>
            <TD className="text-right tabular-nums">{formatPercent(s.withEmail, s.members)}</TD>
            <TD className="text-right tabular-nums">{formatPercent(s.withValidPhone, s.members)}</TD>
            <TD className="text-right font-medium tabular-nums">{formatPercent(s.matchable, s.members)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
