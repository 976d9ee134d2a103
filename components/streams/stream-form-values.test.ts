import { describe, expect, it } from "vitest";
import {
  destinationDraft,
  destinationFromDraft,
  eventsDraft,
  selectorFromDraft,
  withTypedEntries,
  type StreamFormInitial,
} from "@/components/streams/stream-form-values";

// The stream form's drafts: an edit that changes nothing sends back what is saved, and what a
// marketer typed but did not add yet is sent too.

const saved: StreamFormInitial = {
  id: "s1",
  name: "Opens",
  kind: "webhook",
  selector: {
    metrics: ["opened"],
    channels: ["email"],
    names: ["order_completed"],
    patterns: [],
    filters: [
      { property: "cart_value", op: "equals", value: 40 },
      { property: "campaign", op: "in", value: ["a", "b"] },
    ],
  },
  settings: {
    url: "https://hooks.example.com/x",
    batchSize: 1,
    maxWaitMs: 0,
    timeoutMs: 2500,
    headers: { "X-Team": "growth" },
    retrySchedule: [0, 5],
  },
  credentialsSet: ["authorization"],
};

describe("stream form drafts", () => {
  it("sends back the saved selector and settings unchanged, a number staying a number", () => {
    expect(selectorFromDraft(eventsDraft(saved))).toEqual(saved.selector);
    const d = destinationDraft(saved);
    expect([d.maxWait, d.timeout, d.schedule]).toEqual(["0", "2.5", "0, 5"]);
    expect(destinationFromDraft(d, [0, 5])).toEqual({
      kind: "webhook",
      settings: { ...saved.settings, signatureMode: "standard" },
      credentials: {},
    });
  });

  it("adds a name or pattern typed but not added, once", () => {
    const typed = withTypedEntries({ ...eventsDraft(saved), nameDraft: " checkout_started ", patternDraft: "order_*" });
    expect(typed).toMatchObject({ names: ["order_completed", "checkout_started"], patterns: ["order_*"], nameDraft: "", patternDraft: "" });
    expect(withTypedEntries({ ...eventsDraft(saved), nameDraft: "order_completed" }).names).toEqual(["order_completed"]);
  });
});
