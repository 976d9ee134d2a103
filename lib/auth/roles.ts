import { z } from "zod";

// Roles are ordered: each can do everything the one before it can.
// viewer: read everything. editor: change segments, syncs, destinations. admin: also users, tokens, sources.
export const roles = ["viewer", "editor", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function hasRole(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}

export const roleDescriptions: Record<Role, string> = {
  viewer: "Can see everything, change nothing.",
  editor: "Can build segments and configure destinations and syncs.",
  admin: "Can also manage people's access, API tokens and sources.",
};
