import type pg from "pg";

// Transaction scaffolding for loading many rows into one table with COPY.
//
// Into an empty table, maintaining secondary indexes row by row is the dominant cost:
// measured on a 2-core box, events' (name, occurred_at) index alone doubled the COPY
// time, because occurred_at arrives in random order and every insert lands on a random
// leaf. Building an index once from sorted data is several times cheaper. So, when the
// table is empty, we drop its secondary indexes inside the loading transaction and
// recreate them, from their own stored definitions (pg_get_indexdef), before COMMIT.
// DDL is transactional: a failed load rolls back with the indexes intact. The price is
// an ACCESS EXCLUSIVE lock on the table until commit; readers of that table wait.
// Into a non-empty table we keep the indexes (appending a little to a lot), as we do when
// the role does not own the table. Then no extra lock is taken.
//
// An empty table that no foreign key points at is also TRUNCATEd in the transaction, which
// lets COPY use FREEZE: rows are written already frozen and all-visible, so the first
// queries do not rewrite every page to set hint bits and index-only scans work at once.

export type BulkLoad = {
  /** True when indexes were dropped and will be rebuilt at commit. */
  rebuildsIndexes: boolean;
  /** True when COPY may use FREEZE (the table was truncated in this transaction). */
  freeze: boolean;
  /** Rebuilds any dropped indexes and commits; returns the rebuild time in ms. */
  commit(): Promise<number>;
  rollback(): Promise<void>;
};

type IndexDef = { name: string; def: string };

export async function beginBulkLoad(client: pg.Client, table: string, rebuildIndexes = true): Promise<BulkLoad> {
  // By hand, not transactionOn: the transaction stays open after this returns, for the caller's COPY, until commit() or rollback().
  await client.query("BEGIN");
  let indexes: IndexDef[] = [];
  let freeze = false;
  try {
    // Only the table's owner may drop and create its indexes; anyone else appends with them in place.
    const { rows: own } = await client.query<{ owner: boolean }>(
      `SELECT pg_has_role(relowner, 'USAGE') AS owner FROM pg_class WHERE oid = $1::regclass`,
      [`"${table}"`],
    );
    const mayRebuild = rebuildIndexes && own[0]?.owner === true;
    // Taking the lock first makes the emptiness check and the drops one atomic decision.
    if (mayRebuild) await client.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
    if (mayRebuild && (await client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rows.length === 0) {
      // Secondary indexes only: not the primary key or any other constraint's index.
      const { rows } = await client.query<IndexDef>(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i
          WHERE i.indrelid = $1::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
          ORDER BY 1`,
        [`"${table}"`],
      );
      indexes = rows;
      for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
      const { rows: referenced } = await client.query(`SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass`, [
        `"${table}"`,
      ]);
      if (referenced.length === 0) {
        await client.query(`TRUNCATE "${table}"`);
        freeze = true;
      }
    }
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }

  return {
    rebuildsIndexes: indexes.length > 0,
    freeze,
    async commit() {
      const started = performance.now();
      try {
        if (indexes.length) {
          // Sorting in memory rather than in temp files; SET LOCAL ends with the transaction.
          await client.query("SET LOCAL maintenance_work_mem = '512MB'");
          for (const ix of indexes) await client.query(ix.def);
        }
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
      return Math.round(performance.now() - started);
    },
    async rollback() {
      await client.query("ROLLBACK").catch(() => {});
    },
  };
}
