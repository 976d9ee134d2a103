import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";

// The demo workspace's sign-ins, one per role, printed by `npm run dev`.
export const DEMO_PASSWORD = "downstream-demo";
export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.downstream.dev", name: "Ada Admin", role: "admin" },
  { email: "editor@demo.downstream.dev", name: "Eli Editor", role: "editor" },
  { email: "viewer@demo.downstream.dev", name: "Vic Viewer", role: "viewer" },
];

export async function ensureDemoUsers() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of demoUsers) {
    await db().user.upsert({ where: { email: u.email }, create: { ...u, passwordHash }, update: {} });
  }
}
