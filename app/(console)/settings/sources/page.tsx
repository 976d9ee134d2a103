import type { Metadata } from "next";
import { headers } from "next/headers";
import { SectionHeader } from "@/components/layout/section-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { countryOptions, defaultCountry } from "@/lib/identity/default-country";
import { listRejections, rejectionCounts } from "@/lib/ingest/rejections";
import { listSources } from "@/lib/sources/manage-sources";
import { requestOrigin } from "@/lib/sources/request-origin";
import { sourceView } from "@/lib/sources/source-view";
import { CountryForm } from "./country-form";
import { CreateSourceDialog } from "./create-source-dialog";
import { SourceCard } from "./source-card";

export const metadata: Metadata = { title: "Sources · Settings" };

export default async function SourcesPage() {
  const actor = await pageActor();
  const canManage = hasRole(actor.role, "admin");
  const origin = requestOrigin(await headers());
  const [sources, counts, country] = await Promise.all([listSources(), rejectionCounts(), defaultCountry()]);
  const rejections = await Promise.all(sources.map((s) => listRejections({ sourceId: s.id, limit: 5 })));

  return (
    <>
      <SectionHeader
        title="Sources"
        description="Where people and events come from. Point the official Segment and Customer.io libraries here unchanged, and Customer.io's reporting webhooks for engagement."
        actions={canManage ? <CreateSourceDialog /> : null}
      />
      {!canManage && (
        <Alert tone="info" className="mb-4">
          Only admins can add sources or see their keys.
        </Alert>
      )}
      <div className="space-y-6">
        {sources.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
            No sources yet. Add one to get a write key and Customer.io credentials.
          </div>
        ) : (
          sources.map((s, i) => (
            <SourceCard
              key={s.id}
              source={sourceView(s, { origin, revealSecrets: false })}
              writeKey={s.writeKey}
              canManage={canManage}
              rejections={rejections[i]!}
              rejected24h={counts.get(s.id) ?? 0}
            />
          ))
        )}
        <Card>
          <CardHeader
            title="Default phone country"
            description="Phone numbers written without a +country code are read as this country's. Applies to data written from now on."
          />
          <CardBody>
            <CountryForm current={country} options={countryOptions()} canEdit={canManage} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
