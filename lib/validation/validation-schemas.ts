import { z } from "zod";

// The shapes of a validation run (issue 14): the request a person makes, and the steps the run
// records as it goes. Steps live in validation_runs.steps (JSON), so every read parses them here.

export const MIN_TEST_PROFILES = 1;
export const MAX_TEST_PROFILES = 50;

const profileId = z
  .union([z.string().regex(/^\d{1,18}$/, "Profile ids are numbers"), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform(String);

export const startValidationSchema = z.object({
  syncId: z.string().trim().min(1).max(64).meta({ label: "Sync" }),
  profileIds: z
    .array(profileId)
    .min(MIN_TEST_PROFILES, "Choose at least 1 test profile")
    .max(MAX_TEST_PROFILES, `Choose at most ${MAX_TEST_PROFILES} test profiles`)
    .meta({ label: "Test profiles" }),
});
export type StartValidationInput = z.input<typeof startValidationSchema>;

export const STEP_NAMES = ["add", "verify_present", "suppression", "remove", "verify_shrink"] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** How presence or absence was established, strongest first. */
export const METHODS = ["read_back", "upload_receipt", "size_delta"] as const;
export type VerifyMethod = (typeof METHODS)[number];

export const stepSchema = z.object({
  name: z.enum(STEP_NAMES),
  state: z.enum(["pending", "running", "passed", "failed", "skipped"]),
  method: z.enum(METHODS).nullable().default(null),
  /** One sentence a marketer reads: what this step proved, or why it did not. */
  summary: z.string().nullable().default(null),
  /** The facts behind the summary: per-profile results, platform figures, receiver answers. */
  evidence: z.record(z.string(), z.unknown()).default({}),
  startedAt: z.string().nullable().default(null),
  finishedAt: z.string().nullable().default(null),
  ms: z.number().nullable().default(null),
  /** Times the step was started: more than 1 means a worker stopped mid-step and another resumed it. */
  attempts: z.number().int().default(0),
});
export type Step = z.infer<typeof stepSchema>;

export const stepsSchema = z.array(stepSchema);

export const pendingSteps = (): Step[] =>
  STEP_NAMES.map((name) => ({
    name,
    state: "pending",
    method: null,
    summary: null,
    evidence: {},
    startedAt: null,
    finishedAt: null,
    ms: null,
    attempts: 0,
  }));

export function parseSteps(raw: unknown): Step[] {
  const parsed = stepsSchema.safeParse(raw);
  return parsed.success && parsed.data.length === STEP_NAMES.length ? parsed.data : pendingSteps();
}

export const STEP_TITLES: Record<StepName, string> = {
  add: "Add",
  verify_present: "Verify present",
  remove: "Remove",
  verify_shrink: "Verify shrink",
  suppression: "Buyer leaves the audience",
};

export const METHOD_WORDS: Record<VerifyMethod, string> = {
  read_back: "read back from the destination",
  upload_receipt: "the platform's upload receipt",
  size_delta: "the change in the audience size the platform reports",
};
