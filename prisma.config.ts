import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection string from here, not from schema.prisma.
// Migrations are applied by `npm run db:migrate` (scripts/migrate.ts), which records
// them in _prisma_migrations exactly as `prisma migrate deploy` does.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/downstream" },
});
