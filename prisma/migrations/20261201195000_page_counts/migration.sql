-- Pre-aggregated counts for the Overview and the identity audit (issue 16 item 6): at 1M profiles
-- and 20M events their figures were full scans (the 14-day events-per-day query read 6.95M index
-- entries; the audit's coverage scanned every profile). Both tables are append-only deltas: each
-- statement that writes events or profiles adds one row per (hour, name) or per counter it moved,
-- from a statement-level trigger's transition table, whatever the insert form (single row,
-- multi-row VALUES, INSERT ... SELECT, COPY). No row is ever updated by a writer, so concurrent
-- ingest transactions never wait on each other here (no hot-row upsert). Readers sum the deltas;
-- a periodic job (lib/overview/compact-counts.ts) folds them into one row per key.

-- 1. Events per UTC hour and name. Hours (not days) so the Overview's rolling 24-hour and 7-day
--    windows are exact: whole hours from here, the partial first hour from the events index.
CREATE TABLE "event_hourly_counts" (
    "id" BIGSERIAL NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "name" TEXT NOT NULL,
    "events" BIGINT NOT NULL,
    CONSTRAINT "event_hourly_counts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "event_hourly_counts_hour_idx" ON "event_hourly_counts" ("hour");

CREATE FUNCTION "event_hourly_counts_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_hourly_counts (hour, name, events)
  SELECT date_trunc('hour', occurred_at), name, count(*) FROM new_rows GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE FUNCTION "event_hourly_counts_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_hourly_counts (hour, name, events)
  SELECT date_trunc('hour', occurred_at), name, -count(*) FROM old_rows GROUP BY 1, 2;
  RETURN NULL;
END $$;

-- Updates (identity linking sets profile_id) usually net to nothing: only moved (hour, name) pairs are written.
CREATE FUNCTION "event_hourly_counts_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_hourly_counts (hour, name, events)
  SELECT hour, name, sum(d) FROM (
    SELECT date_trunc('hour', occurred_at) AS hour, name, -1 AS d FROM old_rows
    UNION ALL SELECT date_trunc('hour', occurred_at), name, 1 FROM new_rows
  ) x GROUP BY 1, 2 HAVING sum(d) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION "event_hourly_counts_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_hourly_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER "events_hourly_counts_insert" AFTER INSERT ON "events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "event_hourly_counts_insert"();
CREATE TRIGGER "events_hourly_counts_update" AFTER UPDATE ON "events" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "event_hourly_counts_update"();
CREATE TRIGGER "events_hourly_counts_delete" AFTER DELETE ON "events" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "event_hourly_counts_delete"();
CREATE TRIGGER "events_hourly_counts_truncate" AFTER TRUNCATE ON "events" FOR EACH STATEMENT EXECUTE FUNCTION "event_hourly_counts_reset"();

-- Backfill. CREATE TRIGGER above holds a lock that keeps writers out until this commits, so no event is counted twice or missed.
INSERT INTO event_hourly_counts (hour, name, events)
SELECT date_trunc('hour', occurred_at), name, count(*) FROM events GROUP BY 1, 2;

-- 2. Profile counters: the people population and identifier coverage the Overview and the identity
--    audit show. The conditions are those of lib/overview/workspace-summary.ts and
--    lib/identity/audit (lib/people/population.ts: test profiles are not people;
--    lib/identity/sendable.ts: matchable); lib/overview/profile-counts.test.ts proves they agree.
CREATE TABLE "profile_counts" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "n" BIGINT NOT NULL,
    CONSTRAINT "profile_counts_pkey" PRIMARY KEY ("id")
);

CREATE FUNCTION "profile_count_keys"(p "profiles") RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p.is_test THEN ARRAY['test'] ELSE array_remove(ARRAY[
    'people',
    CASE WHEN p.external_id IS NOT NULL THEN 'external_id' END,
    CASE WHEN p.email IS NOT NULL THEN 'email_valid' END,
    CASE WHEN p.email IS NULL AND p.email_sha256 IS NOT NULL THEN 'email_prehashed' END,
    CASE WHEN p.email_raw IS NOT NULL AND p.email_sha256 IS NULL THEN 'email_invalid' END,
    CASE WHEN p.email_raw IS NULL THEN 'email_missing' END,
    CASE WHEN p.phone_valid THEN 'phone_valid_flag' END,
    CASE WHEN p.phone IS NOT NULL AND p.phone_valid THEN 'phone_valid' END,
    CASE WHEN p.phone IS NULL AND p.phone_sha256 IS NOT NULL THEN 'phone_prehashed' END,
    CASE WHEN p.phone_raw IS NOT NULL AND p.phone_sha256 IS NULL THEN 'phone_invalid' END,
    CASE WHEN p.phone_raw IS NULL THEN 'phone_missing' END,
    CASE WHEN p.email_sha256 IS NOT NULL OR (p.phone_sha256 IS NOT NULL AND p.phone_valid IS NOT FALSE) THEN 'matchable' END,
    CASE WHEN p.email IS NOT NULL AND p.email_raw = p.email THEN 'email_same' END,
    CASE WHEN p.phone IS NOT NULL AND p.phone_raw = p.phone THEN 'phone_same' END,
    CASE WHEN p.email IS NOT NULL AND btrim(p.email_raw, E' \t\n\r') <> p.email_raw THEN 'email: surrounding whitespace removed' END,
    CASE WHEN p.email IS NOT NULL AND btrim(p.email_raw, E' \t\n\r') <> p.email THEN 'email: lowercased' END,
    CASE WHEN p.phone IS NOT NULL AND p.phone_raw <> p.phone THEN 'phone: reformatted to E.164' END,
    CASE WHEN p.phone IS NOT NULL AND btrim(p.phone_raw) NOT LIKE '+%' AND btrim(p.phone_raw) NOT LIKE '00%' THEN 'phone: country code added (default country)' END
  ], NULL) END
$$;

CREATE FUNCTION "profile_counts_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_counts (key, n) SELECT k, count(*) FROM new_rows r, unnest(profile_count_keys(r)) k GROUP BY k;
  RETURN NULL;
END $$;

CREATE FUNCTION "profile_counts_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_counts (key, n) SELECT k, -count(*) FROM old_rows r, unnest(profile_count_keys(r)) k GROUP BY k;
  RETURN NULL;
END $$;

CREATE FUNCTION "profile_counts_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_counts (key, n)
  SELECT k, sum(d) FROM (
    SELECT k, -1 AS d FROM old_rows r, unnest(profile_count_keys(r)) k
    UNION ALL SELECT k, 1 FROM new_rows r, unnest(profile_count_keys(r)) k
  ) x GROUP BY k HAVING sum(d) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION "profile_counts_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM profile_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER "profiles_counts_insert" AFTER INSERT ON "profiles" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_counts_insert"();
CREATE TRIGGER "profiles_counts_update" AFTER UPDATE ON "profiles" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_counts_update"();
CREATE TRIGGER "profiles_counts_delete" AFTER DELETE ON "profiles" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_counts_delete"();
CREATE TRIGGER "profiles_counts_truncate" AFTER TRUNCATE ON "profiles" FOR EACH STATEMENT EXECUTE FUNCTION "profile_counts_reset"();

INSERT INTO profile_counts (key, n) SELECT k, count(*) FROM profiles r, unnest(profile_count_keys(r)) k GROUP BY k;

-- 3. The audit's invalid-format groups and their examples read only invalid identifiers of people:
--    small partial indexes instead of a scan of every profile.
CREATE INDEX "profiles_email_invalid_idx" ON "profiles" ((COALESCE(email_error, 'invalid')), email_raw)
  WHERE email_raw IS NOT NULL AND email_sha256 IS NULL AND NOT is_test;
CREATE INDEX "profiles_phone_invalid_idx" ON "profiles" ((COALESCE(phone_error, 'invalid')), phone_raw)
  WHERE phone_raw IS NOT NULL AND phone_sha256 IS NULL AND NOT is_test;
