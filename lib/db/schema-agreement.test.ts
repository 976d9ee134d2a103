import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";

// Proves prisma/schema.prisma and the database built by our SQL migrations agree, since
// the migrations are written by hand (Prisma's schema engine cannot run here). Compares
// every model's table, every scalar field's column (type family and nullability),
// primary keys, unique constraints and enum values.

type Field = {
  name: string;
  dbName: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
};
type Model = { name: string; dbName: string | null; fields: Field[]; primaryKey: { fields: string[] } | null; uniqueFields: string[][] };
type Dmmf = { datamodel: { models: Model[]; enums: { name: string; values: { name: string }[] }[] } };

const schemaText = readFileSync("prisma/schema.prisma", "utf8");
const dmmf: Dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schemaText })));
/** Columns of types Prisma cannot represent (`Unsupported("int8range")`): the DMMF leaves them out. */
const unsupportedColumns = new Set(
  [...schemaText.matchAll(/model (\w+) \{([^}]*)\}/g)].flatMap(([, model, body]) =>
    [...body!.matchAll(/^\s+(\w+)\s+Unsupported\([^)]*\)(.*)$/gm)].map(
      ([, field, rest]) => `${model}.${/@map\("(\w+)"\)/.exec(rest!)?.[1] ?? field}`,
    ),
  ),
);
/** Tables of models the client ignores (`@@ignore`, a table with no key): the DMMF leaves them out too. */
const ignoredTables = [...schemaText.matchAll(/model (\w+) \{([^}]*)\}/g)]
  .filter(([, , body]) => /^\s+@@ignore\b/m.test(body!))
  .map(([, model, body]) => /@@map\("(\w+)"\)/.exec(body!)?.[1] ?? model!);
const models = dmmf.datamodel.models;
const tableOf = (m: Model) => m.dbName ?? m.name;
const columnOf = (m: Model, fieldName: string) => {
  const f = m.fields.find((x) => x.name === fieldName)!;
  return f.dbName ?? f.name;
};

const scalarFamily: Record<string, string[]> = {
  String: ["text", "character varying"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Boolean: ["boolean"],
  DateTime: ["timestamp without time zone", "timestamp with time zone"],
  Json: ["jsonb"],
  Float: ["double precision"],
  Decimal: ["numeric"],
};
const arrayUdt: Record<string, string> = { String: "_text", Int: "_int4", BigInt: "_int8" };

async function columns() {
  const { rows } = await pool().query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_nullable: string;
  }>(`SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`);
  return new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
}

async function uniqueColumnSets() {
  const { rows } = await pool().query<{ table_name: string; cols: string[]; is_primary: boolean }>(`
    SELECT t.relname AS table_name, i.indisprimary AS is_primary,
           array_agg(a.attname ORDER BY k.ord)::text[] AS cols
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE i.indisunique
    GROUP BY t.relname, i.indexrelid, i.indisprimary`);
  return rows;
}

describe("schema.prisma and the migrated database", () => {
  it("has a table for every model and no stray tables", async () => {
    const { rows } = await pool().query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const actual = rows
      .map((r) => r.table_name)
      .filter((t) => t !== "_prisma_migrations")
      .sort();
    expect(actual).toEqual([...models.map(tableOf), ...ignoredTables].sort());
  });

  it("has every scalar field as a column of the right type family and nullability", async () => {
    const cols = await columns();
    const problems: string[] = [];
    for (const m of models) {
      for (const f of m.fields.filter((x) => x.kind === "scalar" || x.kind === "enum")) {
        const key = `${tableOf(m)}.${f.dbName ?? f.name}`;
        const col = cols.get(key);
        if (!col) {
          problems.push(`${key}: missing column for ${m.name}.${f.name}`);
          continue;
        }
        if (f.isList) {
          const udt = f.kind === "enum" ? `_${f.type}` : arrayUdt[f.type];
          if (col.data_type !== "ARRAY" || col.udt_name !== udt) problems.push(`${key}: expected ${f.type}[] got ${col.udt_name}`);
        } else if (f.kind === "enum") {
          if (col.data_type !== "USER-DEFINED" || col.udt_name !== f.type)
            problems.push(`${key}: expected enum ${f.type} got ${col.udt_name}`);
        } else if (!scalarFamily[f.type]?.includes(col.data_type)) {
          problems.push(`${key}: expected ${f.type} got ${col.data_type}`);
        }
        // Prisma creates list columns nullable even when the field is required.
        const nullable = f.isList || !f.isRequired;
        if ((col.is_nullable === "YES") !== nullable) problems.push(`${key}: expected ${nullable ? "nullable" : "NOT NULL"}`);
      }
      const tableCols = [...cols.keys()].filter((k) => k.startsWith(`${tableOf(m)}.`));
      const fieldCols = m.fields.filter((x) => x.kind !== "object").map((f) => `${tableOf(m)}.${f.dbName ?? f.name}`);
      const declared = (c: string) => fieldCols.includes(c) || unsupportedColumns.has(`${m.name}.${c.slice(tableOf(m).length + 1)}`);
      for (const c of tableCols) if (!declared(c)) problems.push(`${c}: column not in schema.prisma`);
    }
    expect(problems).toEqual([]);
  });

  it("has the primary keys and unique constraints the schema declares", async () => {
    const sets = await uniqueColumnSets();
    const has = (table: string, cols: string[], primary: boolean) =>
      sets.some((s) => s.table_name === table && s.is_primary === primary && s.cols.join(",") === cols.join(","));
    const problems: string[] = [];
    for (const m of models) {
      const table = tableOf(m);
      const pk = m.primaryKey?.fields ?? m.fields.filter((f) => f.isId).map((f) => f.name);
      if (
        !has(
          table,
          pk.map((f) => columnOf(m, f)),
          true,
        )
      )
        problems.push(`${table}: primary key (${pk}) missing`);
      // A single-field @@unique shows up both as isUnique and in uniqueFields: dedupe by column set.
      const uniques = [
        ...new Map([...m.fields.filter((f) => f.isUnique).map((f) => [f.name]), ...m.uniqueFields].map((u) => [u.join(","), u])).values(),
      ];
      for (const u of uniques) {
        if (
          !has(
            table,
            u.map((f) => columnOf(m, f)),
            false,
          )
        )
          problems.push(`${table}: unique (${u}) missing`);
      }
      const declared = uniques.length;
      const actual = sets.filter((s) => s.table_name === table && !s.is_primary).length;
      if (actual !== declared) problems.push(`${table}: ${actual} unique indexes in the database, ${declared} in the schema`);
    }
    expect(problems).toEqual([]);
  });

  it("has every enum with the same values", async () => {
    const { rows } = await pool().query<{ typname: string; labels: string[] }>(`
      SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });
});
