-- Test profiles are a handful of rows; every query that leaves them out of "the people
-- population" (lib/people/population.ts) reads them from this index instead of scanning profiles.
CREATE INDEX "profiles_test_idx" ON "profiles"("id") WHERE "is_test";
