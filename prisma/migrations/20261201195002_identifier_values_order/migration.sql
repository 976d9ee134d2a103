-- The audit's duplicate examples are the shared values with the most spellings; a value has at
-- most as many spellings as people, so reading shared values by people (most first) lets it stop
-- early (lib/identity/audit/formats.ts). Replaces the index by kind alone.
DROP INDEX "identifier_values_shared_idx";
CREATE INDEX "identifier_values_shared_idx" ON "identifier_values" ("kind", "people" DESC, "value") WHERE people > 1;
