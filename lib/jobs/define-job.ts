import type { ZodType } from "zod";

// A job: a name, a zod schema for its payload (validated when sent and when run),
// the handler, and optionally a cron schedule. The registry (lib/jobs/registry.ts)
// lists them all; the worker subscribes to each.
export type JobDefinition<P> = {
  name: string;
  payload: ZodType<P>;
  cron?: string;
  /** Jobs of this kind one worker process runs at once (default 1); e.g. sync runs to different destinations. */
  concurrency?: number;
  handler: (payload: P) => Promise<unknown>;
};

export function defineJob<P>(job: JobDefinition<P>): JobDefinition<P> {
  return job;
}
