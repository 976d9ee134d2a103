import { z } from "zod";

/**
 * How a replay body picks dead letters, the same for every ledger (event streams, webhook
 * actions): all of the owner's, or the ones named by id. Spread into the body's union.
 */
export function deadLetterChoices(owner: string) {
  return [
    z.strictObject({ deadLetters: z.literal("all").describe(`Every dead letter of the ${owner}.`) }),
    z.strictObject({
      deliveryIds: z
        .array(z.string().regex(/^\d{1,19}$/, "A dead letter's id"))
        .min(1)
        .max(1000)
        .describe("These dead letters."),
    }),
  ] as const;
}
