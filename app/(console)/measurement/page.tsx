import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { LiftReportView } from "@/components/measurement/lift-report-view";
import { OverlapMatrix } from "@/components/measurement/overlap-matrix";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatTimestamp } from "@/components/ui/format";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { globalControlLiftReport } from "@/lib/measurement/lift-report";
import { computeOverlap, MAX_OVERLAP_ITEMS, overlapSample } from "@/lib/measurement/overlap";
import { overlapChoices, parseItemParams } from "@/lib/measurement/overlap-choices";

export const metadata: Metadata = { title: "Measurement" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const pickItem = ({ kind, id }: { kind: "segment" | "sync"; id: string }) => ({ kind, id });
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export default async function MeasurementPage({ searchParams }: Props) {
  const actor = await pageActor();
  const raw = await searchParams;
  const chosen = parseItemParams(list(raw.item)).slice(0, MAX_OVERLAP_ITEMS);
  const [choices, control] = await Promise.all([overlapChoices(actor), globalControlLiftReport(actor)]);
  const overlap =
    chosen.length >= 2
      ? await computeOverlap(actor, { items: chosen }).catch((e) => (isAppError(e) ? e.message : Promise.reject(e)))
      : null;
  const a = Number(list(raw.a)[0]);
  const b = Number(list(raw.b)[0]);
  const drill =
    overlap && typeof overlap !== "string" && overlap.items[a] && overlap.items[b] && a !== b
      ? {
          a: overlap.items[a]!,
          b: overlap.items[b]!,
          people: await overlapSample(actor, { a: pickItem(overlap.items[a]!), b: pickItem(overlap.items[b]!) }),
        }
      : null;
  const query = (extra: Record<string, number> = {}) => {
    const q = new URLSearchParams(chosen.map((c) => ["item", `${c.kind}:${c.id}`]));
    for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
    return `?${q.toString()}`;
  };
  const isChosen = (kind: string, id: string) => chosen.some((c) => c.kind === kind && c.id === id);

  return (
    <>
      <PageHeader
        title="Measurement"
        description="How much your segments and live audiences overlap, and whether the people you market to buy more than those you hold back."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Audience overlap"
            description={`Pick 2 to ${MAX_OVERLAP_ITEMS} segments or live audiences. Each cell: the share of the row's people who are also in the column's.`}
          />
          <CardBody>
            <form method="get" className="space-y-4" aria-label="Choose what to compare">
              {choices.length === 0 ? (
                <p className="text-sm text-slate-500">No segments yet.</p>
              ) : (
                <fieldset className="grid gap-x-6 gap-y-1.5 sm:grid-cols-2 lg:grid-cols-3">
                  <legend className="sr-only">Segments and live audiences</legend>
                  {choices.map((c) => (
                    <label key={`${c.kind}:${c.id}`} className="flex items-baseline gap-2 text-sm text-slate-800">
                      <input
                        type="checkbox"
                        name="item"
                        value={`${c.kind}:${c.id}`}
                        defaultChecked={isChosen(c.kind, c.id)}
                        className="translate-y-0.5"
                      />
                      <span>
                        {c.name} <span className="text-xs text-slate-500">({c.kind === "sync" ? c.detail : `segment, ${c.detail}`})</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
              )}
              <button type="submit" className={buttonClasses({ variant: "primary" })}>
                Compare
              </button>
            </form>
            {chosen.length === 1 && <p className="mt-4 text-sm text-amber-700">Pick at least one more to compare.</p>}
            {typeof overlap === "string" && (
              <Alert tone="warning" title="Could not compare these" className="mt-4">
                {overlap}
              </Alert>
            )}
            {overlap && typeof overlap !== "string" && (
              <div className="mt-6">
                <OverlapMatrix overlap={overlap} cellHref={(x, y) => `${query({ a: x, b: y })}#people-in-both`} />
                <p className="mt-2 text-xs text-slate-500">
                  {overlap.people.toLocaleString("en-US")} people are in at least one of these. Segments count their current members, syncs
                  what the destination has now. Test profiles are not counted. Open a cell for some of the people in both.
                </p>
              </div>
            )}
            {drill && (
              <section id="people-in-both" className="mt-6 rounded-md bg-slate-50 px-4 py-3" data-testid="overlap-people">
                <h3 className="text-sm font-semibold text-slate-900">
                  In both {drill.a.name} and {drill.b.name}
                </h3>
                {drill.people.length === 0 ? (
                  <p className="mt-1 text-sm text-slate-500">Nobody.</p>
                ) : (
                  <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
                    {drill.people.map((p) => (
                      <li key={p.id}>
                        <Link href={p.href} className="text-indigo-700 hover:underline">
                          {p.externalId ?? p.email ?? `Person #${p.id}`}
                        </Link>
                        {p.externalId && p.email && <span className="text-xs text-slate-500"> · {p.email}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                <p className="mt-2 text-xs text-slate-500">A sample of up to 20 of them; open one for their profile and sync history.</p>
              </section>
            )}
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Global control group"
            description={
              control.period && control.period.percent > 0
                ? `${control.period.percent}% of all people, kept out of every promotional audience since ${formatTimestamp(control.period.from)}${control.period.until ? ` until ${formatTimestamp(control.period.until)}` : ""}: compared with everyone else, whether or not a sync reached them.`
                : "Off: every person can receive promotional audiences."
            }
            action={
              <Link href="/settings/global-control" className="text-sm text-indigo-700 hover:underline">
                Settings
              </Link>
            }
          />
          <CardBody>
            {control.period && control.period.percent > 0 ? (
              <LiftReportView report={control} treatedLabel="Everyone else" controlLabel="Global control group" />
            ) : (
              <p className="text-sm text-slate-600">
                Turn it on in{" "}
                <Link href="/settings/global-control" className="text-indigo-700 hover:underline">
                  Settings → Global control
                </Link>{" "}
                to measure what all your promotional syncs add together.
              </p>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
