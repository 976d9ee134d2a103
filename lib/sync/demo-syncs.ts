import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/create-destination";
import { testDestination } from "@/lib/destinations/test-destination";
import { env } from "@/lib/env";
import { createSegment } from "@/lib/segments/create-segment";
import { templateByKey } from "@/lib/segments/templates";
import { createSuppressionRule } from "@/lib/suppression/save-suppression-rule";
import { createSync } from "@/lib/sync/create-sync";
import { runSync } from "@/lib/sync/run-sync";
import { DEMO_GO_LIVE } from "@/lib/launch/demo-launch";

// Demo workspace audiences (for lib/demo/workspace.ts): a warehouse destination that writes into
// a schema of the app's own database (so it works with no outside service), the purchase
// suppression rule, and two live syncs from template segments, each run once so the Syncs pages
// open on real runs and a chart. Idempotent: does nothing once any sync exists.

const DEMO_SCHEMA = "demo_warehouse";

/** A template segment, created once (found again by name). */
export async function templateSegment(key: string) {
  const template = templateByKey(key);
  if (!template) throw new Error(`No segment template ${key}`);
  const existing = await db().segment.findFirst({ where: { name: template.name, archivedAt: null } });
  if (existing) return existing;
  return (await createSegment(systemActor("demo"), { name: template.name, description: template.pitch, definition: template.definition }))
    .segment;
}

export async function ensureDemoSyncs() {
  if ((await db().sync.count()) > 0) return null;
  const actor = systemActor("demo");
  const [purchased, cart, checkout] = await Promise.all([
    templateSegment("purchased-7d"),
    templateSegment("intent-cart"),
    templateSegment("intent-checkout"),
  ]);
  const warehouse = await createDestination(actor, {
    name: "Demo warehouse",
    kind: "warehouse",
    settings: { schema: DEMO_SCHEMA },
    credentials: { connectionString: env().DATABASE_URL },
  });
  await testDestination(actor, warehouse.id);
  await createSuppressionRule(actor, { name: "Purchased in the last 7 days", segmentId: purchased.id });
  const syncs = [
    await createSync(actor, {
      name: "Cart abandoners → warehouse",
      segmentId: cart.id,
      destinationId: warehouse.id,
      identifiers: ["email", "phone", "external_id"],
      holdoutPercent: 10,
      state: "live",
      override: DEMO_GO_LIVE,
    }),
    await createSync(actor, {
      name: "Checkout started → warehouse",
      segmentId: checkout.id,
      destinationId: warehouse.id,
      identifiers: ["email", "external_id"],
      state: "live",
      override: DEMO_GO_LIVE,
    }),
  ];
  const runs = [];
  for (const s of syncs) runs.push(await runSync(s.id, { trigger: "manual" }));
  return { destinationId: warehouse.id, syncIds: syncs.map((s) => s.id), runs };
}
