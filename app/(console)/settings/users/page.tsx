import type { Metadata } from "next";
import { RoleBadge } from "@/components/layout/role-badge";
import { SectionHeader } from "@/components/layout/section-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { oidcConfig } from "@/lib/auth/oidc-config";
import { pageActor } from "@/lib/auth/page-actor";
import { hasRole, roleDescriptions, roles } from "@/lib/auth/roles";
import { ssoUserIds } from "@/lib/auth/sso-user-ids";
import { listUsers } from "@/lib/auth/users";
import { CreateUserDialog } from "./create-user-dialog";
import { UserRowControls } from "./user-row-controls";

export const metadata: Metadata = { title: "Users · Settings" };

export default async function UsersPage() {
  const actor = await pageActor();
  const canManage = hasRole(actor.role, "admin");
  const [users, sso] = await Promise.all([listUsers(), ssoUserIds()]);
  // A role set here for a single sign-on person lasts only until their next sign-in: say so.
  const ssoNote = oidcConfig()
    ? "Single sign-on: the role follows their groups at each sign-in"
    : "Single sign-on, which is turned off: cannot sign in";
  const roleOptions = roles.map((r) => ({ value: r, description: roleDescriptions[r] }));

  return (
    <>
      <SectionHeader
        title="Users"
        description="People who can sign in to this workspace. Viewers see everything and change nothing; editors build segments, destinations and syncs; admins also manage access."
        actions={canManage ? <CreateUserDialog roles={roleOptions} /> : null}
      />
      {!canManage && (
        <Alert tone="info" className="mb-4">
          Only admins can manage access. Ask an admin if someone needs an account or a different role.
        </Alert>
      )}
      <Table>
        <THead>
          <TR>
            <TH>User</TH>
            <TH>Last sign-in</TH>
            <TH>Status</TH>
            {/* Admins get the role as an editable select instead of a badge. */}
            <TH className={canManage ? "text-right" : undefined}>{canManage ? "Role and access" : "Role"}</TH>
          </TR>
        </THead>
        <TBody>
          {users.map((u) => {
            const self = actor.type === "user" && actor.id === u.id;
            return (
              <TR key={u.id} data-testid="user-row">
                <TD>
                  <div className="font-medium text-slate-900">
                    {u.name || u.email}
                    {self && <span className="ml-2 text-xs font-normal text-slate-400">(you)</span>}
                  </div>
                  {u.name && <div className="text-xs text-slate-500">{u.email}</div>}
                  {sso.has(u.id) && (
                    <div className="text-xs text-slate-500" data-testid="user-sso">
                      {ssoNote}
                    </div>
                  )}
                </TD>
                <TD>
                  <TimeAgo date={u.lastLoginAt} />
                </TD>
                <TD>{u.disabledAt ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}</TD>
                {canManage ? (
                  <TD className="text-right">
                    <UserRowControls userId={u.id} email={u.email} role={u.role} disabled={Boolean(u.disabledAt)} self={self} />
                  </TD>
                ) : (
                  <TD>
                    <RoleBadge role={u.role} />
                  </TD>
                )}
              </TR>
            );
          })}
        </TBody>
      </Table>
    </>
  );
}
