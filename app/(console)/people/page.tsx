import { Upload, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { PeopleTable } from "@/components/people/people-table";
import { SearchBox } from "@/components/people/search-box";
import { buttonClasses } from "@/components/ui/button";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { searchPeople } from "@/lib/people/search-people";

export const metadata: Metadata = { title: "People" };

type Props = { searchParams: Promise<{ q?: string; cursor?: string }> };

export default async function PeoplePage({ searchParams }: Props) {
  const actor = await pageActor();
  const { q = "", cursor } = await searchParams;
  const search = q.trim().slice(0, 320);
  const { people, nextCursor } = await searchPeople({
    search: search || undefined,
    cursor: /^\d+$/.test(cursor ?? "") ? cursor : undefined,
    limit: 50,
  });
  const importButton = hasRole(actor.role, "admin") ? (
    <Link href="/people/import" className={buttonClasses()}>
      <Upload aria-hidden />
      Import CSV
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="People"
        description="Everyone your sources have told Downstream about. Search by email, phone or id, as typed or normalized."
        actions={importButton}
      />
      <SearchBox value={search} action="/people" />
      {people.length === 0 && !search && !cursor ? (
        <EmptyState
          icon={Users}
          title="No people yet"
          description={
            <>
              Connect a source in{" "}
              <Link href="/settings/sources" className="text-indigo-700 hover:underline">
                Settings → Sources
              </Link>{" "}
              so Segment or Customer.io clients send people and events here, or import a CSV.
            </>
          }
        />
      ) : people.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
          Nobody matches “{search}”. Emails and phones are compared after normalization, so spacing and case don&apos;t matter.
        </p>
      ) : (
        <>
          <PeopleTable people={people} searching={!!search} />
          <div className="mt-4 flex items-center justify-between text-sm text-slate-500">
            <span>{search ? `${people.length}${nextCursor ? "+" : ""} matches` : "Newest people first"}</span>
            {nextCursor && (
              <Link
                href={`/people?${new URLSearchParams({ ...(search ? { q: search } : {}), cursor: nextCursor })}`}
                className={buttonClasses({ variant: "secondary", size: "sm" })}
              >
                Next page
              </Link>
            )}
          </div>
        </>
      )}
    </>
  );
}
