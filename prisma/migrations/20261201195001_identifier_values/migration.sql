-- How many people share each normalized email and phone (issue 16 item 6): the identity audit's
-- duplicates grouped every person's identifier (1M rows) on each view. A statement-level trigger
-- on profiles adds each statement's net change per value, in value order (concurrent writers of
-- the same value queue on that one row instead of deadlocking). Most profile writes do not
-- change an identifier and write nothing here. Test profiles are not counted (lib/people/population.ts).
CREATE TABLE "identifier_values" (
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "people" BIGINT NOT NULL,
    CONSTRAINT "identifier_values_pkey" PRIMARY KEY ("kind","value")
);
-- The audit reads only shared values.
CREATE INDEX "identifier_values_shared_idx" ON "identifier_values" ("kind") WHERE people > 1;

CREATE FUNCTION "identifier_values_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO identifier_values (kind, value, people)
    SELECT kind, value, count(*) FROM (
      SELECT 'email' AS kind, email AS value FROM new_rows WHERE email IS NOT NULL AND NOT is_test
      UNION ALL SELECT 'phone', phone FROM new_rows WHERE phone IS NOT NULL AND NOT is_test
    ) x GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (kind, value) DO UPDATE SET people = identifier_values.people + EXCLUDED.people;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO identifier_values (kind, value, people)
    SELECT kind, value, -count(*) FROM (
      SELECT 'email' AS kind, email AS value FROM old_rows WHERE email IS NOT NULL AND NOT is_test
      UNION ALL SELECT 'phone', phone FROM old_rows WHERE phone IS NOT NULL AND NOT is_test
    ) x GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (kind, value) DO UPDATE SET people = identifier_values.people + EXCLUDED.people;
  ELSE
    INSERT INTO identifier_values (kind, value, people)
    SELECT kind, value, sum(d) FROM (
      SELECT 'email' AS kind, email AS value, 1 AS d FROM new_rows WHERE email IS NOT NULL AND NOT is_test
      UNION ALL SELECT 'phone', phone, 1 FROM new_rows WHERE phone IS NOT NULL AND NOT is_test
      UNION ALL SELECT 'email', email, -1 FROM old_rows WHERE email IS NOT NULL AND NOT is_test
      UNION ALL SELECT 'phone', phone, -1 FROM old_rows WHERE phone IS NOT NULL AND NOT is_test
    ) x GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
    ON CONFLICT (kind, value) DO UPDATE SET people = identifier_values.people + EXCLUDED.people;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "identifier_values_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM identifier_values;
  RETURN NULL;
END $$;

CREATE TRIGGER "profiles_identifier_values_insert" AFTER INSERT ON "profiles" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "identifier_values_apply"();
CREATE TRIGGER "profiles_identifier_values_update" AFTER UPDATE ON "profiles" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "identifier_values_apply"();
CREATE TRIGGER "profiles_identifier_values_delete" AFTER DELETE ON "profiles" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "identifier_values_apply"();
CREATE TRIGGER "profiles_identifier_values_truncate" AFTER TRUNCATE ON "profiles" FOR EACH STATEMENT EXECUTE FUNCTION "identifier_values_reset"();

INSERT INTO identifier_values (kind, value, people)
SELECT kind, value, count(*) FROM (
  SELECT 'email' AS kind, email AS value FROM profiles WHERE email IS NOT NULL AND NOT is_test
  UNION ALL SELECT 'phone', phone FROM profiles WHERE phone IS NOT NULL AND NOT is_test
) x GROUP BY 1, 2;

-- The audit first gives reasons to invalid emails stored without one (lib/identity/audit/classify-emails.ts):
-- almost always none, which without this index took a scan of every profile to find out.
CREATE INDEX "profiles_email_unexplained_idx" ON "profiles" ("id")
  WHERE email IS NULL AND email_raw IS NOT NULL AND email_sha256 IS NULL AND email_error IS NULL;
