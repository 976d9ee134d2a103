import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/delivery/enqueue";
import { pauseEndpoint } from "@/lib/delivery/endpoints";
import { actionFigures } from "@/lib/webhook-actions/action-figures";
import { openActionSecrets } from "@/lib/webhook-actions/action-secrets";
import { createAction, type CreateActionInput } from "@/lib/webhook-actions/create-action";
import { actionVersions } from "@/lib/webhook-actions/get-action";
import { rotateActionSigningKey } from "@/lib/webhook-actions/rotate-action-signing-key";
import { setActionState } from "@/lib/webhook-actions/set-action-state";
import { updateAction, updateActionInput } from "@/lib/webhook-actions/update-action";

// Editing and the draft → live → paused life: a draft changes in place, a live action's change
// makes a version whose audit entry says what changed; secrets merge; pausing holds what is queued.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };

const input = (name: string): CreateActionInput => ({
  name,
  trigger: { kind: "segment_entered", segmentId: "seg-a" },
  request: {
    url: "https://crm.example.com/v1/contacts",
    headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
    body: '{\n  "email": {{ customer.email | json }},\n  "cart": {{ customer.cart_value | default: 0 }}\n}',
  },
  secrets: { api_key: "key-one-0123456789", other: "other-0123456789" },
});

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { code?: string; message: string; details?: { issues?: { path: string; message: string }[] } };
  expect(e, "expected a refusal").not.toBeNull();
  return e;
}

beforeAll(async () => {
  await db().segment.createMany({
    data: [
      { id: "seg-a", name: "Cart abandoners", definition: { conditions: [] } },
      { id: "seg-old", name: "Old", definition: { conditions: [] }, archivedAt: new Date() },
    ],
  });
});

describe("editing an action", () => {
  it("a draft changes in place; secrets merge: a value sets, null removes, left out keeps", async () => {
    const { action } = await createAction(editor, input("Draft edits"));
    expect((await refusal(updateAction(viewer, action.id, { name: "x" }))).code).toBe("forbidden");
    const { action: after, newVersion } = await updateAction(editor, action.id, {
      request: { ...action.request, body: '{"email": {{ customer.email | json }}}' },
      secrets: { other: null, token: "token-abcdefghijkl" },
    });
    expect(newVersion).toBe(false);
    expect(after.version).toBe(1);
    expect(after.delaySeconds).toBe(0); // fields left out are not reset to their defaults
    expect(after.secrets.map((s) => s.name)).toEqual(["api_key", "token"]);
    const row = await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(openActionSecrets(row.secretsEnc).secrets).toEqual({ api_key: "key-one-0123456789", token: "token-abcdefghijkl" });
    const versions = await db().webhookActionVersion.findMany({ where: { actionId: action.id } });
    expect(versions).toHaveLength(1);
    expect((versions[0]!.definition as { request: { body: string } }).request.body).toBe('{"email": {{ customer.email | json }}}');
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: action.id, action: "webhook_action.updated" } });
    expect(JSON.stringify(audit.after)).not.toContain("token-abcdefghijkl");
    expect(audit.after).toMatchObject({ secretsSet: ["token"], secretsRemoved: ["other"] });
  });

  it("a field left out keeps its saved value, also when the body went through the API's schema first", async () => {
    const { action } = await createAction(editor, { ...input("Keeps"), signing: { mode: "standard" }, delaySeconds: 600 });
    const body = updateActionInput.parse({ name: "Keeps (2)" });
    const { action: after } = await updateAction(editor, action.id, body);
    expect(after).toMatchObject({ name: "Keeps (2)", signing: { mode: "standard" }, delaySeconds: 600, signingKey: action.signingKey });
  });

  it("moving the URL to another host needs the saved secrets again", async () => {
    const { action } = await createAction(editor, input("Host move"));
    const moved = { ...action.request, url: "https://collector.evil.test/in" };
    const e = await refusal(updateAction(editor, action.id, { request: moved }));
    expect(e.details?.issues?.[0]?.path).toBe("secrets");
    expect(e.message).toContain("api_key, other");
    const ok = await updateAction(editor, action.id, { request: moved, secrets: { api_key: "key-for-new-host-0001", other: null } });
    expect(ok.action.request.url).toBe("https://collector.evil.test/in");
  });

  it("a live action's change makes a new version, with what changed in words and lines in the audit log", async () => {
    const { action } = await createAction(editor, input("Versioned"));
    await setActionState(editor, action.id, "live");
    const renamed = await updateAction(editor, action.id, { name: "Versioned (renamed)" });
    expect(renamed).toMatchObject({ newVersion: false, action: { version: 1 } });

    const body =
      '{\n  "email": {{ customer.email | json }},\n  "cart": {{ customer.cart_value | default: 0 }},\n  "sku": {{ customer.last_sku | json }}\n}';
    const { action: v2, newVersion } = await updateAction(editor, action.id, {
      request: { ...action.request, body },
      delaySeconds: 3600,
    });
    expect(newVersion).toBe(true);
    expect(v2.version).toBe(2);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { entityId: action.id, action: "webhook_action.updated" },
      orderBy: { id: "desc" },
    });
    const after = audit.after as { version: number; newVersion: boolean; changes: { field: string; text: string; lines?: string[] }[] };
    expect(after).toMatchObject({ version: 2, newVersion: true });
    expect(after.changes.find((c) => c.field === "Delay")?.text).toBe("Delay changed from none to 1 hour");
    const bodyChange = after.changes.find((c) => c.field === "Body")!;
    expect(bodyChange.lines).toContain('-   "cart": {{ customer.cart_value | default: 0 }}');
    expect(bodyChange.lines).toContain('+   "cart": {{ customer.cart_value | default: 0 }},');
    expect(bodyChange.lines).toContain('+   "sku": {{ customer.last_sku | json }}');

    const versions = await actionVersions(action.id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    // The rename between them shows too: version 1 keeps the name it was saved with.
    expect(versions[0]!.changes.map((c) => c.field)).toEqual(["Name", "Delay", "Body"]);
    expect((versions[1]!.definition as { request: { body: string } }).request.body).toBe(input("x").request.body);
  });

  it("refuses a template that does not parse, with its line and column, and keeps the saved one", async () => {
    const { action } = await createAction(editor, input("Bad edit"));
    const e = await refusal(updateAction(editor, action.id, { request: { ...action.request, body: "{\n{% if customer.email %}\n" } }));
    expect(e.details?.issues?.[0]).toMatchObject({ path: "request.body", message: expect.stringMatching(/^Line \d+, column \d+: /) });
    const row = await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } });
    expect((row.request as { body: string }).body).toBe(input("x").request.body);
  });
});

describe("draft, live and paused", () => {
  it("live starts from now and ensures the endpoint; paused holds what is queued; live again sends it", async () => {
    const { action } = await createAction(editor, input("Life"));
    expect((await refusal(setActionState(viewer, action.id, "live"))).code).toBe("forbidden");
    expect((await refusal(setActionState(editor, action.id, "paused"))).code).toBe("conflict");
    await pool().query(`DELETE FROM delivery_endpoints WHERE id = $1`, [action.id]);

    const { rows: snap } = await pool().query<{ x: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`);
    const live = await setActionState(editor, action.id, "live");
    expect(live.state).toBe("live");
    const row = await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(row.startTransitionXid).toBeGreaterThanOrEqual(BigInt(snap[0]!.x));
    expect(row.startEventXid).toBe(row.startTransitionXid);
    expect(row.liveAt).not.toBeNull();
    expect(await db().deliveryEndpoint.findUnique({ where: { id: action.id } })).toMatchObject({ kind: "webhook_action", state: "active" });

    await enqueueDeliveries(pool(), action.id, [{ orderingKey: "p:1", payload: { v: 1 } }]);
    await setActionState(editor, action.id, "paused");
    expect(await db().deliveryEndpoint.findUnique({ where: { id: action.id } })).toMatchObject({ state: "paused" });
    const { rows } = await pool().query(`SELECT state FROM deliveries WHERE endpoint_id = $1`, [action.id]);
    expect(rows).toEqual([{ state: "queued" }]); // held, not dropped

    await setActionState(editor, action.id, "live");
    expect(await db().deliveryEndpoint.findUnique({ where: { id: action.id } })).toMatchObject({ state: "active" });
    // Resuming keeps the start positions: what fired while paused is the runtime's to skip, not to re-read.
    expect((await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } })).startTransitionXid).toBe(row.startTransitionXid);
    expect((await refusal(setActionState(editor, action.id, "draft"))).code).toBe("conflict");

    // The receiver answered 410: the ledger stopped the live action's endpoint; setting it live again resumes it.
    await pauseEndpoint(action.id, "The endpoint answered 410 Gone.");
    expect((await actionFigures([action.id])).get(action.id)?.status).toMatchObject({
      word: "Paused",
      reason: "The endpoint answered 410 Gone. Set it live again to resume; nothing queued was dropped.",
    });
    await setActionState(editor, action.id, "live");
    expect(await db().deliveryEndpoint.findUnique({ where: { id: action.id } })).toMatchObject({ state: "active" });
    const actions = (await db().auditLog.findMany({ where: { entityId: action.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "webhook_action.created",
      "webhook_action.set_live",
      "webhook_action.paused",
      "webhook_action.resumed",
      "webhook_action.resumed",
    ]);
  });

  it("going live needs a segment that exists", async () => {
    const { action } = await createAction(editor, input("Archived segment"));
    await db().webhookAction.update({ where: { id: action.id }, data: { trigger: { kind: "segment_entered", segmentId: "seg-old" } } });
    const e = await refusal(setActionState(editor, action.id, "live"));
    expect(e.details?.issues).toEqual([{ path: "trigger.segmentId", message: "That segment is archived; choose a current one" }]);
    expect((await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } })).state).toBe("draft");
  });

  it("rotating the signing key shows the new key once and keeps the secrets", async () => {
    const { action, signingKey } = await createAction(editor, { ...input("Signed"), signing: { mode: "header", header: "X-Signature" } });
    const rotated = await rotateActionSigningKey(editor, action.id);
    expect(rotated.signingKey).toMatch(/^whsec_/);
    expect(rotated.signingKey).not.toBe(signingKey);
    expect(rotated.action.signingKey?.preview).toBe(`whsec_…${rotated.signingKey.slice(-4)}`);
    const open = openActionSecrets((await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } })).secretsEnc);
    expect(open).toEqual({ secrets: input("x").secrets, signingKey: rotated.signingKey });
    const unsigned = await createAction(editor, input("Unsigned"));
    expect((await refusal(rotateActionSigningKey(editor, unsigned.action.id))).code).toBe("conflict");
  });
});
