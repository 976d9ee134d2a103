import type { Connector, ConnectorContext, DestinationKind } from "@/lib/connectors/contract";
import { sleep } from "@/lib/connectors/http";
import type { Delivery } from "@/lib/validation/deliver-test-profiles";
import { emulatorRoot, holdsItem, readEmulatorAudience } from "@/lib/validation/emulator-read-back";
import type { VerifyMethod } from "@/lib/validation/validation-schemas";
import type { TestItem } from "@/lib/validation/validation-items";

// Proves the test profiles are in the audience (or gone from it) by the strongest means the
// destination allows, and says which in plain words:
//   read_back       the warehouse table (connector.readMembers), an emulator's read-back, or for a
//                   webhook the receiver's own answer to each member (it acknowledged or refused them)
//   upload_receipt  a real ad platform never lists an audience's members: its answer to the
//                   upload (Meta num_received / num_invalid_entries, Google's request status,
//                   TikTok's per-call response) proves it accepted them, not that they are members
// Size deltas are not used: platforms report sizes hours late and rounded, and not below their
// floor, so a 10-50 person change cannot be seen reliably.

export type VerifyContext = {
  kind: DestinationKind;
  connector: Connector<unknown, unknown>;
  ctx: Omit<ConnectorContext<unknown, unknown>, "batch" | "signal">;
  settings: unknown;
  audienceId: string;
  /** Google's request status is polled this often until it settles (tests shorten it). */
  pollMs?: number;
};

export type Verdict = { method: VerifyMethod; passed: boolean; summary: string; evidence: Record<string, unknown> };

const named = (items: TestItem[]) => items.map((t) => `${t.label} (profile ${t.profileId})`).join(", ");
const people = (n: number) => `${n} test profile${n === 1 ? "" : "s"}`;

export async function verifyMembership(
  v: VerifyContext,
  expect: "present" | "absent",
  items: TestItem[],
  delivery: Delivery,
): Promise<Verdict> {
  const wrong = (holds: (t: TestItem) => boolean) => items.filter((t) => (expect === "present" ? !holds(t) : holds(t)));
  const one = items.length === 1 ? items[0]!.label : null;
  const verdict = (method: VerifyMethod, where: string, how: string, bad: TestItem[], evidence: Record<string, unknown>): Verdict => ({
    method,
    passed: bad.length === 0,
    summary: bad.length
      ? expect === "present"
        ? `Not found in ${where}: ${named(bad)}.`
        : `Still in ${where}: ${named(bad)}.`
      : expect === "present"
        ? `${one ? `${one} was` : `All ${people(items.length)}`} found in ${where}.`
        : `${one ? `${one} is no longer` : `None of the ${people(items.length)} is left`} in ${where}.`,
    evidence: { ...evidence, how, [expect === "present" ? "missing" : "remaining"]: bad.map((t) => t.profileId) },
  });

  if (v.connector.readMembers) {
    const held = await v.connector.readMembers(
      v.ctx,
      v.audienceId,
      items.map((t) => t.item.key),
    );
    return verdict(
      "read_back",
      "the warehouse table (read back)",
      "reading the warehouse table back",
      wrong((t) => held.has(t.item.key)),
      { found: [...held] },
    );
  }

  if (v.kind === "webhook") {
    // The receiver applies each batch and answers per member: a 2xx without the member in its
    // "rejected" list is its acknowledgement that it holds (or dropped) that person.
    const ok = new Set(delivery.results.filter((r) => r.status === "ok").map((r) => r.profileId));
    const bad = items.filter((t) => !ok.has(t.profileId));
    return {
      method: "read_back",
      passed: bad.length === 0,
      summary: bad.length
        ? `The receiver did not acknowledge: ${named(bad)}${reasons(delivery, bad)}.`
        : `The receiver acknowledged ${expect === "present" ? "" : "the removal of "}${one ?? `each of the ${people(items.length)}`} (answered 2xx and refused none).`,
      evidence: { how: "the receiver's answer to each member", acknowledged: [...ok], refused: bad.map((t) => t.profileId) },
    };
  }

  const root = emulatorRoot(v.kind, v.settings);
  const read = root ? await readEmulatorAudience(root, v.audienceId, v.ctx.fetch) : null;
  if (read) {
    return verdict(
      "read_back",
      "the audience as the platform emulator holds it (read back)",
      "reading the audience back from the platform emulator",
      wrong((t) => holdsItem(read, t.item)),
      {
        audienceSize: read.total,
      },
    );
  }
  return receipt(v, expect, items, delivery);
}

function reasons(delivery: Delivery, bad: TestItem[]): string {
  const why = delivery.results.filter((r) => bad.some((t) => t.profileId === r.profileId) && r.message).map((r) => r.message);
  return why.length ? ` (${[...new Set(why)].join("; ")})` : "";
}

/** The platform's answer to the upload: what it accepted, in its own figures. */
async function receipt(v: VerifyContext, expect: "present" | "absent", items: TestItem[], delivery: Delivery): Promise<Verdict> {
  const ok = new Set(delivery.results.filter((r) => r.status === "ok").map((r) => r.profileId));
  const bad = items.filter((t) => !ok.has(t.profileId));
  const figures: Record<string, unknown> = { ...delivery.stats };
  let requestFailed = 0;
  const ids = typeof delivery.stats.request_ids === "string" ? delivery.stats.request_ids.split(",").filter(Boolean) : [];
  if (ids.length && v.connector.requestStatus) {
    // Google processes uploads after answering: wait (briefly) for its verdict on these requests.
    for (let i = 0; i < 20; i++) {
      const report = await v.connector.requestStatus(v.ctx, ids).catch(() => null);
      if (!report) break;
      figures.request_status = report.status;
      figures.failed_records = report.failedRecords;
      requestFailed = report.failedRecords;
      if (report.status !== "PROCESSING") break;
      await sleep(v.pollMs ?? 1_000);
    }
  }
  const platform = v.connector.label;
  const verb = expect === "present" ? "accepted" : "accepted the removal of";
  const passed = bad.length === 0 && requestFailed === 0 && !(Number(figures.num_invalid_entries ?? 0) > 0);
  const limits =
    `${platform} does not let anyone list an audience's members, so this proves it ${verb} them, ` +
    `not that each one ${expect === "present" ? "is" : "is no longer"} in the audience.`;
  return {
    method: "upload_receipt",
    passed,
    summary: passed
      ? `${platform} ${verb} all ${people(items.length)} (its upload receipt${receiptWords(figures)}). ${limits}`
      : `${platform} did not accept: ${bad.length ? named(bad) : `${requestFailed || figures.num_invalid_entries} records`}${reasons(delivery, bad)}.`,
    evidence: { how: `${platform}'s upload receipt (acceptance only)`, receipt: figures, refused: bad.map((t) => t.profileId) },
  };
}

function receiptWords(f: Record<string, unknown>): string {
  const parts: string[] = [];
  if (f.num_received !== undefined) parts.push(`received ${f.num_received}`);
  if (f.num_invalid_entries !== undefined) parts.push(`invalid ${f.num_invalid_entries}`);
  if (f.request_status !== undefined) parts.push(`request status ${f.request_status}`);
  return parts.length ? `: ${parts.join(", ")}` : "";
}
