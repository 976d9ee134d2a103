import type { Prisma } from "@/lib/generated/prisma/client";

// The ledger's endpoint functions (lib/delivery/endpoints.ts) take anything with pg's
// `query(text, values)`. A stream's record, its endpoint and its audit entry change in one Prisma
// transaction, so this lends that transaction the same shape.
export function txQuery(tx: Prisma.TransactionClient) {
  return {
    query: async (text: string, values: unknown[] = []) => {
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
      return { rows, rowCount: rows.length };
    },
  } as unknown as import("pg").PoolClient;
}
