import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db, pool } from "@/lib/db";
import { openActionSecrets } from "@/lib/webhook-actions/action-secrets";
import { createAction, type CreateActionInput } from "@/lib/webhook-actions/create-action";
import { deleteAction } from "@/lib/webhook-actions/delete-action";
import { getAction } from "@/lib/webhook-actions/get-action";
import { listActions } from "@/lib/webhook-actions/list-actions";

// An action's record through the functions the console and the API call: a draft with its
// ledger endpoint, refusals naming the field (and the line and column in a template), secrets
// sealed at rest and shown as their last 4 characters, the signing key shown once.

const editor: Actor = { type: "user", id: "u1", label: "ed@x.test", role: "editor" };
const viewer: Actor = { type: "user", id: "u2", label: "vi@x.test", role: "viewer" };
const API_KEY = "sk_live_0123456789abcdefWXYZ";

const input = (over: Partial<CreateActionInput> = {}): CreateActionInput => ({
  name: "Cart abandoner → CRM",
  trigger: { kind: "segment_entered", segmentId: "seg-cart" },
  delaySeconds: 7200,
  request: {
    method: "POST",
    url: "https://crm.example.com/v1/contacts",
    headers: [{ name: "Authorization", value: "Bearer {{ secrets.api_key }}" }],
    body: '{"email": {{ customer.email | json }}, "cart": {{ customer.cart_value | default: 0 }}}',
  },
  secrets: { api_key: API_KEY },
  ...over,
});

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as {
    code?: string;
    message: string;
    details?: { issues?: { path: string; message: string }[] };
    issues?: { path: (string | number)[]; message: string }[];
  };
  expect(e, "expected a refusal").not.toBeNull();
  return e;
}

beforeAll(async () => {
  await db().segment.create({ data: { id: "seg-cart", name: "Cart abandoners", definition: { conditions: [] } } });
});

describe("creating a webhook action", () => {
  it("needs an editor", async () => {
    expect((await refusal(createAction(viewer, input()))).code).toBe("forbidden");
    expect(await db().webhookAction.count()).toBe(0);
  });

  it("makes a draft with its first version, its ledger endpoint and the audit entry; secrets sealed, shown as previews", async () => {
    const { action, signingKey } = await createAction(editor, input({ signing: { mode: "standard" } }));
    expect(action.state).toBe("draft");
    expect(action.fires).toBe("When someone enters Cart abandoners, 2 hours later if still in it");
    expect(action.secrets).toEqual([{ name: "api_key", preview: "…WXYZ" }]);
    expect(signingKey).toMatch(/^whsec_/);
    expect(action.signingKey).toEqual({ preview: `whsec_…${signingKey!.slice(-4)}` });
    const shown = JSON.stringify(action);
    expect(shown).not.toContain(API_KEY);
    expect(shown).not.toContain(signingKey);

    // At rest: the whole row, as Postgres holds it, has neither value; the sealed blob opens to both.
    const { rows } = await pool().query(`SELECT row_to_json(a)::text AS j FROM webhook_actions a WHERE id = $1`, [action.id]);
    expect(rows[0].j).not.toContain(API_KEY);
    expect(rows[0].j).not.toContain(signingKey!.slice(6));
    const row = await db().webhookAction.findUniqueOrThrow({ where: { id: action.id } });
    expect(openActionSecrets(row.secretsEnc)).toEqual({ secrets: { api_key: API_KEY }, signingKey });

    expect(await db().deliveryEndpoint.findUnique({ where: { id: action.id } })).toMatchObject({ kind: "webhook_action", state: "active" });
    expect(await db().webhookActionVersion.count({ where: { actionId: action.id } })).toBe(1);
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: action.id, action: "webhook_action.created" } });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(API_KEY);
    expect(JSON.stringify([audit.before, audit.after])).not.toContain(signingKey);
    expect(audit.after).toMatchObject({ secretsSet: ["api_key"], state: "draft" });

    const got = await getAction(action.id);
    expect(got.figures.status).toMatchObject({ state: "draft", word: "Draft" });
    expect((await listActions()).map((a) => a.id)).toContain(action.id);
    expect(JSON.stringify(await listActions())).not.toContain(API_KEY);
  });

  it("makes no signing key for an action that does not sign; says in words when an event trigger fires", async () => {
    const { action, signingKey } = await createAction(
      editor,
      input({
        name: "Unsigned",
        trigger: { kind: "event", eventName: "checkout_started", filters: [{ property: "plan", op: "equals", value: "pro" }] },
        delaySeconds: 600,
        frequencyLimitSeconds: 86_400,
      }),
    );
    expect(signingKey).toBeNull();
    expect(action.signingKey).toBeNull();
    expect(action.fires).toBe("When someone does checkout_started, where plan is pro; 10 minutes later; at most once per 1 day per person");
  });

  it("refuses bad input, naming the field", async () => {
    const before = await db().webhookAction.count();
    const url = await refusal(createAction(editor, input({ request: { ...input().request, url: "not a url" } })));
    expect(url.details?.issues?.map((i) => i.path)).toContain("request.url");

    const newline = await refusal(
      createAction(editor, input({ request: { ...input().request, headers: [{ name: "X-Note", value: "a\r\nInjected: yes" }] } })),
    );
    expect(newline.issues?.[0]).toMatchObject({
      path: ["request", "headers", 0, "value"],
      message: "A header value cannot contain a line break",
    });

    const huge = await refusal(createAction(editor, input({ request: { ...input().request, body: "x".repeat(64 * 1024 + 1) } })));
    expect(huge.issues?.[0]).toMatchObject({ path: ["request", "body"], message: expect.stringContaining("over 64 KB") });

    const segment = await refusal(createAction(editor, input({ trigger: { kind: "segment_entered", segmentId: "seg-nope" } })));
    expect(segment.code).toBe("validation_failed");
    expect(segment.details?.issues).toEqual([{ path: "trigger.segmentId", message: "No such segment; choose one from the list" }]);

    const parse = await refusal(
      createAction(
        editor,
        input({ request: { ...input().request, body: '{\n  "email": {{ customer.email | json }},\n  "x": {{ customer.name \n}' } }),
      ),
    );
    const issue = parse.details!.issues!.find((i) => i.path === "request.body")!;
    expect(issue.message).toMatch(/^Line 3, column \d+: /);
    expect(parse.message).toContain("Body: Line 3, column");

    const secret = await refusal(createAction(editor, input({ secrets: {} })));
    expect(secret.details?.issues?.map((i) => i.path)).toContain("request.headers.0.value");
    expect(await db().webhookAction.count()).toBe(before);
  });

  it("deleting drops the action, its versions and its ledger endpoint", async () => {
    const { action } = await createAction(editor, input({ name: "Short-lived" }));
    expect((await refusal(deleteAction(viewer, action.id))).code).toBe("forbidden");
    expect(await deleteAction(editor, action.id)).toEqual({ dropped: 0 });
    expect(await db().webhookAction.findUnique({ where: { id: action.id } })).toBeNull();
    expect(await db().deliveryEndpoint.findUnique({ where: { id: action.id } })).toBeNull();
    expect(await db().webhookActionVersion.count({ where: { actionId: action.id } })).toBe(0);
    expect((await refusal(getAction(action.id))).code).toBe("not_found");
  });
});
