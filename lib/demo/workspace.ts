import { db } from "@/lib/db";
import { ensureDemoUsers } from "@/lib/demo/demo-users";
import { seedDemo } from "@/lib/demo/seed";
import { ensureDemoSource } from "@/lib/sources/demo-source";
import { ensureDemoAdPlatforms } from "@/lib/sync/demo-ad-platforms";
import { ensureDemoSyncs } from "@/lib/sync/demo-syncs";
import { ensureDemoStreams } from "@/lib/streams/demo-streams";
import { ensureDemoNotificationChannels } from "@/lib/monitoring/notifications/demo-inbox";

// The demo workspace `npm run dev` shows on first start: one sign-in per role and a
// small, realistic store (fast to generate; `npm run seed` makes bigger ones).
export const DEMO_SIZE = { profiles: 20_000, days: 60, seed: 42 };

export async function ensureDemoWorkspace() {
  await ensureDemoUsers();
  const seeded = (await db().profile.count()) > 0 ? null : await seedDemo(DEMO_SIZE);
  await ensureDemoSource();
  await ensureDemoSyncs();
  // "Meta", "Google Ads" and "TikTok" are the emulators mounted in this app (demo mode only).
  await ensureDemoAdPlatforms(process.env.NEXTAUTH_URL ?? "http://localhost:3000");
  await ensureDemoStreams();
  await ensureDemoNotificationChannels();
  return seeded;
}
