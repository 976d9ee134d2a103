import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DestinationForm } from "@/components/destinations/destination-form";
import { KindIcon } from "@/components/destinations/kind-icon";
import { RecentCalls } from "@/components/destinations/recent-calls";
import { SettingsSummary } from "@/components/destinations/settings-summary";
import { TestConnectionButton } from "@/components/destinations/test-connection-button";
import { TestStatus } from "@/components/destinations/test-status";
import { PageHeader } from "@/components/layout/page-header";
import { DeleteButton } from "@/components/syncs/delete-button";
import { HealthBadge } from "@/components/syncs/health-badge";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { kindSpec } from "@/lib/destinations/destination-form";
import { getDestination } from "@/lib/destinations/list-destinations";
import { listPlatformCalls } from "@/lib/destinations/list-platform-calls";
import { isAppError } from "@/lib/errors";
import { listSyncs } from "@/lib/sync/list-syncs";
import { deleteDestinationAction, testDestinationAction, updateDestinationAction } from "../actions";

export const metadata: Metadata = { title: "Destination" };

export default async function DestinationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ calls?: string | string[] }>;
}) {
  const actor = await pageActor();
  const { id } = await params;
  const errorsOnly = (await searchParams).calls === "errors";
  const destination = await getDestination(id).catch((e) => (isAppError(e) && e.code === "not_found" ? null : Promise.reject(e)));
  if (!destination) notFound();
  const syncs = await listSyncs({ destinationId: id });
  const { calls } = await listPlatformCalls(actor, id, { errorsOnly });
  const canEdit = hasRole(actor.role, "editor");

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link href="/destinations" className="text-slate-500 hover:text-indigo-700">
          ← Destinations
        </Link>
      </nav>
      <PageHeader
        title={destination.name}
        description={
          <span className="inline-flex items-center gap-2">
            <KindIcon kind={destination.kind} /> {destination.label} · <TestStatus verification={destination.verification} detailed />
          </span>
        }
        actions={
          canEdit ? (
            <DeleteButton
              label="Delete destination"
              title={`Delete “${destination.name}”?`}
              description="Its saved credentials are erased. Destinations used by syncs cannot be deleted until those syncs are."
              input={{ destinationId: id }}
              action={deleteDestinationAction}
              redirectTo="/destinations"
            />
          ) : null
        }
      />
      {/* Only while no run has delivered since: a later successful run proves the connection again. */}
      {destination.verification.state === "failing" && destination.lastTestDetail && (
        <Alert tone="error" title="The last connection test failed" className="mb-6">
          {destination.lastTestDetail}
        </Alert>
      )}
      {destination.verification.state === "connected" && destination.verification.how === "test" && destination.lastTestDetail && (
        <Alert tone="success" title="Connected" className="mb-6">
          {destination.lastTestDetail}
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader
            title="Configuration"
            description={canEdit ? "Secrets are write-only: leave them blank to keep the saved ones." : undefined}
            action={canEdit ? <TestConnectionButton destinationId={id} action={testDestinationAction} /> : undefined}
          />
          <CardBody>
            {canEdit ? (
              <DestinationForm
                spec={kindSpec(destination.kind)}
                initial={{
                  destinationId: id,
                  name: destination.name,
                  settings: destination.settings,
                  credentialsSet: destination.credentialsSet,
                }}
                action={updateDestinationAction}
              />
            ) : (
              <SettingsSummary fields={kindSpec(destination.kind).settings} settings={destination.settings} />
            )}
          </CardBody>
        </Card>
        <Card className="self-start lg:col-span-2">
          <CardHeader title="Syncs to this destination" />
          <CardBody>
            {syncs.length === 0 ? (
              <p className="text-sm text-slate-500">
                None yet.{" "}
                {canEdit && (
                  <Link href={`/syncs/new?destination=${id}`} className="text-indigo-700 hover:underline">
                    Create a sync
                  </Link>
                )}
              </p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {syncs.map((s) => (
                  <li key={s.id} className="flex items-center justify-between gap-3 py-2">
                    <Link href={`/syncs/${s.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                      {s.name}
                    </Link>
                    <HealthBadge health={s.health} />
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </div>
      <RecentCalls destinationId={id} calls={calls} errorsOnly={errorsOnly} />
    </>
  );
}
