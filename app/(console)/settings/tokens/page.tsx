import type { Metadata } from "next";
import { RoleBadge } from "@/components/layout/role-badge";
import { SectionHeader } from "@/components/layout/section-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole, roleDescriptions, roles } from "@/lib/auth/roles";
import { CreateTokenDialog } from "./create-token-dialog";
import { RevokeTokenButton } from "./revoke-token-button";

export const metadata: Metadata = { title: "API tokens · Settings" };

export default async function TokensPage() {
  const actor = await pageActor();
  const canManage = hasRole(actor.role, "admin");
  const tokens = await listApiTokens();

  return (
    <>
      <SectionHeader
        title="API tokens"
        description={
          <>
            For scripts and services calling the management API with{" "}
            <code className="font-mono text-xs text-slate-700">Authorization: Bearer …</code>. A token acts with the role it was given.
          </>
        }
        actions={canManage ? <CreateTokenDialog roles={roles.map((r) => ({ value: r, description: roleDescriptions[r] }))} /> : null}
      />
      {!canManage && (
        <Alert tone="info" className="mb-4">
          Only admins can create or revoke API tokens.
        </Alert>
      )}
      {tokens.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">
          No API tokens yet.
        </div>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Role</TH>
              <TH>Token</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH>Status</TH>
              {canManage && <TH className="text-right">Manage</TH>}
            </TR>
          </THead>
          <TBody>
            {tokens.map((t) => (
              <TR key={t.id} data-testid="token-row" className={t.revokedAt ? "text-slate-400" : undefined}>
                <TD className="font-medium text-slate-900">{t.name}</TD>
                <TD>
                  <RoleBadge role={t.role} />
                </TD>
                <TD>
                  <code className="font-mono text-xs text-slate-600">{t.prefix}…</code>
                </TD>
                <TD>
                  <TimeAgo date={t.createdAt} />
                  <div className="text-xs text-slate-500">{t.createdBy?.email ?? "system"}</div>
                </TD>
                <TD>
                  <TimeAgo date={t.lastUsedAt} />
                </TD>
                <TD>
                  {t.revokedAt ? (
                    <Badge tone="danger">
                      Revoked <TimeAgo date={t.revokedAt} />
                    </Badge>
                  ) : t.suspended ? (
                    <>
                      <Badge tone="warning">Not working</Badge>
                      <div className="mt-1 text-xs text-slate-500">{t.suspended}</div>
                    </>
                  ) : (
                    <Badge tone="success">Active</Badge>
                  )}
                </TD>
                {canManage && <TD className="text-right">{!t.revokedAt && <RevokeTokenButton tokenId={t.id} name={t.name} />}</TD>}
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}
