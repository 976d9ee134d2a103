import { db } from "@/lib/db";
import { ensureDemoUsers } from "@/lib/demo/demo-users";
import { seedDemo } from "@/lib/demo/seed";

// The demo workspace `npm run dev` shows on first start: one sign-in per role and a
// small, realistic store (fast to generate; `npm run seed` makes bigger ones).
export const DEMO_SIZE = { profiles: 20_000, days: 60, seed: 42 };

export async function ensureDemoWorkspace() {
  await ensureDemoUsers();
  if ((await db().profile.count()) > 0) return null;
  return seedDemo(DEMO_SIZE);
}
