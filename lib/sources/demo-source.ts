import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createSource } from "@/lib/sources/manage-sources";

// Demo mode: one source ready to receive data (credentials in Settings → Sources). Safe to call
// on every start. (The seeder itself records the demo people's anonymous ids as aliases.)
export const DEMO_SOURCE_NAME = "Demo store (Segment + Customer.io)";
export const DEMO_WEBHOOK_SIGNING_KEY = "demo-webhook-signing-key";

export async function ensureDemoSource(): Promise<void> {
  if ((await db().source.count()) === 0) {
    await createSource(systemActor("demo"), { name: DEMO_SOURCE_NAME, webhookSigningKey: DEMO_WEBHOOK_SIGNING_KEY });
  }
}
