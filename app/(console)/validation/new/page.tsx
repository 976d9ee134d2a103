import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardBody } from "@/components/ui/card";
import { ValidationWizard } from "@/components/validation/validation-wizard";
import { pageActor } from "@/lib/auth/page-actor";
import { requireRole } from "@/lib/auth/require-role";
import { validationSyncChoices } from "@/lib/validation/list-validations";
import { listTestProfiles } from "@/lib/validation/test-profiles";
import { startValidationAction } from "../actions";

export const metadata: Metadata = { title: "New validation" };

export default async function NewValidationPage({ searchParams }: { searchParams: Promise<{ syncId?: string }> }) {
  const actor = await pageActor();
  requireRole(actor, "editor");
  const [{ syncId }, syncs, profiles] = await Promise.all([searchParams, validationSyncChoices(), listTestProfiles()]);
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader
        title="New validation"
        description="A small test cohort through one sync, end to end. Nobody but the test profiles you choose is sent, and they are taken out again at the end."
      />
      <Card>
        <CardBody>
          {syncs.length === 0 ? (
            <p className="text-sm text-slate-600">
              There is no sync to validate yet.{" "}
              <Link href="/syncs/new" className="text-indigo-700 hover:underline">
                Create a sync
              </Link>{" "}
              first.
            </p>
          ) : profiles.length === 0 ? (
            <p className="text-sm text-slate-600">
              There are no test profiles yet.{" "}
              <Link href="/validation" className="text-indigo-700 hover:underline">
                Mark or create some
              </Link>{" "}
              first.
            </p>
          ) : (
            <ValidationWizard syncs={syncs} profiles={profiles} initialSyncId={syncId} action={startValidationAction} />
          )}
        </CardBody>
      </Card>
    </div>
  );
}
