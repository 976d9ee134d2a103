import { FlaskConical } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { MarkTestProfilesForm } from "@/components/validation/mark-test-profiles-form";
import { UnmarkTestProfileButton } from "@/components/validation/unmark-test-profile-button";
import { RUN_STATE } from "@/components/validation/validation-words";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listValidations } from "@/lib/validation/list-validations";
import { listTestProfiles } from "@/lib/validation/test-profiles";
import { markTestProfilesAction, unmarkTestProfileAction } from "./actions";

export const metadata: Metadata = { title: "Validation" };

export default async function ValidationPage() {
  const actor = await pageActor();
  const canEdit = hasRole(actor.role, "editor");
  const [runs, profiles] = await Promise.all([listValidations({ limit: 50 }), listTestProfiles()]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Validation"
        description="Prove a sync works before you spend money on it: send a few test profiles to its real audience, check they arrive, check a buyer leaves, take them out and check the audience shrinks."
        actions={
          canEdit && (
            <Link href="/validation/new" className={buttonClasses()}>
              New validation
            </Link>
          )
        }
      />
      <Card>
        <CardHeader title="Validations" description="Every run, newest first. Open one to see what each step proved." />
        {runs.length === 0 ? (
          <CardBody>
            <EmptyState
              icon={FlaskConical}
              title="No validation runs yet"
              description="Start one with 10–50 test profiles: they are added to the sync's audience, checked, then removed and checked again."
            />
          </CardBody>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Sync</TH>
                <TH>Result</TH>
                <TH>Test profiles</TH>
                <TH>Started by</TH>
                <TH>When</TH>
              </TR>
            </THead>
            <TBody>
              {runs.map((r) => (
                <TR key={r.id} data-testid="validation-row">
                  <TD>
                    <Link href={`/validation/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                      {r.syncName}
                    </Link>
                  </TD>
                  <TD>
                    <Badge tone={RUN_STATE[r.state]!.tone}>{RUN_STATE[r.state]!.word}</Badge>
                  </TD>
                  <TD className="tabular-nums">{r.profileIds.length}</TD>
                  <TD>{r.requestedBy}</TD>
                  <TD>
                    <TimeAgo date={r.finishedAt ?? r.createdAt} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader
          title={`Test profiles (${profiles.length})`}
          description="Internal people used only by validations. They are never in segments or live audiences, and are not counted as people."
        />
        <CardBody className="space-y-4">
          {canEdit && <MarkTestProfilesForm action={markTestProfilesAction} />}
          {profiles.length > 0 && (
            <Table>
              <THead>
                <TR>
                  <TH>Email</TH>
                  <TH>Phone</TH>
                  <TH>Customer id</TH>
                  <TH>Can be sent by</TH>
                  {canEdit && (
                    <TH>
                      <span className="sr-only">Unmark</span>
                    </TH>
                  )}
                </TR>
              </THead>
              <TBody>
                {profiles.map((p) => (
                  <TR key={p.id} data-testid="test-profile-row">
                    <TD>{p.email ?? "—"}</TD>
                    <TD>{p.phone ?? "—"}</TD>
                    <TD>{p.externalId ?? "—"}</TD>
                    <TD>{p.sendable.join(", ").replace("external_id", "customer id") || "nothing"}</TD>
                    {canEdit && (
                      <TD className="text-right">
                        <UnmarkTestProfileButton
                          id={p.id}
                          label={p.email ?? p.externalId ?? p.phone ?? `profile ${p.id}`}
                          action={unmarkTestProfileAction}
                        />
                      </TD>
                    )}
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
