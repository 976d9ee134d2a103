import { describe, expect, it } from "vitest";
import { actionDefinitionSchema } from "@/lib/webhook-actions/action-schemas";
import { BLANK_FORM, definitionFromForm, durationSeconds, formFromDefinition, secretsPatch, toDuration } from "./action-form-values";
import { noteFromFieldError, noteWhere, simulatorNotes } from "./template-notes";

describe("durations in human units", () => {
  it("reads minutes, hours and days as seconds, blank as none", () => {
    expect(durationSeconds({ amount: "2", unit: "hours" })).toBe(7_200);
    expect(durationSeconds({ amount: "1.5", unit: "days" })).toBe(129_600);
    expect(durationSeconds({ amount: " ", unit: "minutes" })).toBeNull();
    expect(durationSeconds({ amount: "soon", unit: "minutes" })).toBeNaN();
  });
  it("shows saved seconds in the largest unit that divides them", () => {
    expect(toDuration(86_400)).toEqual({ amount: "1", unit: "days" });
    expect(toDuration(7_200)).toEqual({ amount: "2", unit: "hours" });
    expect(toDuration(90 * 60)).toEqual({ amount: "90", unit: "minutes" });
    expect(toDuration(0)).toEqual({ amount: "", unit: "hours" });
  });
});

describe("the form and the definition", () => {
  const form = {
    ...BLANK_FORM,
    name: "Cart → CRM",
    segmentId: "seg_1",
    delay: { amount: "2", unit: "hours" as const },
    frequencyLimit: { amount: "1", unit: "days" as const },
    url: "https://crm.example/v1",
    headers: [
      { name: "Content-Type", value: "application/json" },
      { name: " ", value: "" },
    ],
    body: '{"v": {{ customer.cart_value | json }}}',
    signing: "header" as const,
    signingHeader: "X-Sig",
    responseMapping: [{ from: "data.tier", to: "loyalty_tier" }],
    ratePerSecond: "50",
    timeoutSeconds: "10",
  };

  it("becomes a definition the schema accepts, and comes back the same", () => {
    const d = actionDefinitionSchema.parse(definitionFromForm(form));
    expect(d).toMatchObject({
      trigger: { kind: "segment_entered", segmentId: "seg_1" },
      delaySeconds: 7_200,
      frequencyLimitSeconds: 86_400,
      ratePerSecond: 50,
      timeoutMs: 10_000,
      signing: { mode: "header", header: "X-Sig" },
      request: { headers: [{ name: "Content-Type", value: "application/json" }] },
    });
    const back = formFromDefinition(d, []);
    expect(definitionFromForm(back)).toEqual(definitionFromForm(form));
  });

  it("sends an event trigger with its conditions, numbers kept as saved", () => {
    const d = definitionFromForm({
      ...form,
      triggerKind: "event",
      eventName: "checkout_started",
      filters: [
        { property: "cart_value", op: "equals", value: "50", saved: 50 },
        { property: "coupon", op: "exists", value: "" },
        { property: "", op: "equals", value: "" },
      ],
    });
    expect(d.trigger).toEqual({
      kind: "event",
      eventName: "checkout_started",
      filters: [
        { property: "cart_value", op: "equals", value: 50 },
        { property: "coupon", op: "exists", value: undefined },
      ],
    });
  });
});

describe("secrets as changes", () => {
  it("sends new and replaced values, keeps untouched saved ones, removes deleted ones", () => {
    const rows = [
      { name: "kept", value: "", preview: "…abcd", replacing: false },
      { name: "replaced", value: "new-value", preview: "…wxyz", replacing: true },
      { name: "fresh", value: "s3cret", preview: null, replacing: false },
      { name: "replace_clicked_blank", value: "", preview: "…1234", replacing: true },
    ];
    expect(secretsPatch(rows, ["kept", "replaced", "replace_clicked_blank", "gone"])).toEqual({
      replaced: "new-value",
      fresh: "s3cret",
      gone: null,
    });
  });
});

describe("template notes", () => {
  it("reads a refused save's line and column so the editor marks the line", () => {
    expect(noteFromFieldError("Line 3, column 14: unexpected token")).toEqual([
      { kind: "error", line: 3, column: 14, message: "unexpected token" },
    ]);
    expect(noteFromFieldError("Enter the URL")).toEqual([{ kind: "error", message: "Enter the URL" }]);
    expect(noteFromFieldError(undefined)).toEqual([]);
  });
  it("names the field and position of the simulator's problems and warnings", () => {
    const notes = simulatorNotes(
      [{ field: "url", message: "The URL must start with https://" }],
      [{ field: "headers.1.value", line: 1, column: 8, message: "customer.token is not set" }],
    );
    expect(notes.map((n) => [n.kind, noteWhere(n), n.message])).toEqual([
      ["error", "URL", "The URL must start with https://"],
      ["warning", "Header 2, line 1, column 8", "customer.token is not set"],
    ]);
  });
});
