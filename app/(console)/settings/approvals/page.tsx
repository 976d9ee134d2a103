import type { Metadata } from "next";
import { ChangeRequestList } from "@/components/launch/change-request-list";
import { LaunchSettingsForm } from "@/components/launch/launch-settings-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole } from "@/lib/auth/roles";
import { listChangeRequests } from "@/lib/launch/change-requests";
import { launchSettings } from "@/lib/launch/launch-settings";
import { decideAction, launchSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await pageActor();
  const isAdmin = hasRole(actor.role, "admin");
  const [settings, all] = await Promise.all([launchSettings(), listChangeRequests({ status: "all" })]);
  const pending = all.filter((r) => r.status === "pending");
  const decided = all.filter((r) => r.status !== "pending").slice(0, 20);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Launch rules" description="How syncs go live and how live audiences are protected from risky edits." />
        <CardBody>
          <LaunchSettingsForm current={settings} canEdit={isAdmin} save={launchSettingsAction} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title={`Waiting for approval (${pending.length})`}
          description={
            settings.approvalsEnabled
              ? "Editors' go-lives and changes to segments that feed live syncs. The live configuration stays as it is until an admin approves."
              : "Approvals are off: editors' changes apply at once. Requests made while they were on are still listed."
          }
        />
        <CardBody>
          <ChangeRequestList requests={pending} isAdmin={isAdmin} decide={decideAction} />
        </CardBody>
      </Card>
      {decided.length > 0 && (
        <Card>
          <CardHeader title="Recently decided" />
          <CardBody>
            <ChangeRequestList requests={decided} isAdmin={false} decide={decideAction} />
          </CardBody>
        </Card>
      )}
    </div>
  );
}
