import type { BadgeTone } from "@/components/ui/badge";

// Words and tones for validation runs and steps, shared by the Validation pages and the sync page.

export const RUN_STATE: Record<string, { tone: BadgeTone; word: string }> = {
  running: { tone: "accent", word: "Running" },
  passed: { tone: "success", word: "Passed" },
  failed: { tone: "danger", word: "Failed" },
  cancelled: { tone: "neutral", word: "Cancelled" },
};

export const STEP_STATE: Record<string, { tone: BadgeTone; word: string }> = {
  pending: { tone: "neutral", word: "Waiting" },
  running: { tone: "accent", word: "In progress" },
  passed: { tone: "success", word: "Passed" },
  failed: { tone: "danger", word: "Failed" },
  skipped: { tone: "neutral", word: "Skipped" },
};

/** What each step proves, for someone who has never run one. */
export const STEP_PURPOSE: Record<string, { title: string; proves: string }> = {
  add: {
    title: "Add the test profiles",
    proves:
      "Sends only the test profiles you chose to this sync's real audience, formatted and hashed exactly as the sync sends everyone else.",
  },
  verify_present: {
    title: "Check they arrived",
    proves: "Confirms the destination really has them, by the strongest check it allows.",
  },
  suppression: {
    title: "Check a buyer leaves",
    proves:
      "One test profile places an order. Your purchase suppression must catch them and take them out of this audience, as it would a real customer who just bought.",
  },
  remove: { title: "Remove the test profiles", proves: "Takes the same test profiles out of the audience again." },
  verify_shrink: {
    title: "Check the audience shrank",
    proves: "Confirms they are gone, so the audience holds only your real customers again.",
  },
};

export const METHOD_LABEL: Record<string, string> = {
  read_back: "Checked by reading the audience back",
  upload_receipt: "Checked from the platform's upload receipt (acceptance only)",
  size_delta: "Checked from the change in audience size",
};
