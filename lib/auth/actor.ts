import type { Role } from "@/lib/auth/roles";

// Whoever is acting: a signed-in person, an API token, or the system (jobs, seed).
// Every domain function that changes configuration takes one, for role checks and the audit log.
export type Actor =
  | { type: "user"; id: string; label: string; role: Role }
  | { type: "token"; id: string; label: string; role: Role }
  | { type: "system"; id: null; label: string; role: "admin" };

export const systemActor = (label = "system"): Actor => ({ type: "system", id: null, label, role: "admin" });
