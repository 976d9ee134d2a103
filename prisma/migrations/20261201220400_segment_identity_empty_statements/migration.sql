-- A refresh that moves nobody still fires the membership triggers (once per statement, with empty
-- transition tables): it should not take the guard of 20261201220000, which would make identifier
-- changes in ingest wait for that refresh's transaction to end.
CREATE OR REPLACE FUNCTION "segment_identity_members_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  LOCK TABLE segment_identity_guard IN ROW EXCLUSIVE MODE;
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT r.segment_id, segment_identity_mask(p), count(*) FROM new_rows r JOIN profiles p ON p.id = r.profile_id GROUP BY 1, 2;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION "segment_identity_members_both"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  LOCK TABLE segment_identity_guard IN ROW EXCLUSIVE MODE;
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT segment_id, mask, sum(d) FROM (
    SELECT r.segment_id, segment_identity_mask(p) AS mask, -1 AS d FROM old_rows r JOIN profiles p ON p.id = r.profile_id
    UNION ALL SELECT r.segment_id, segment_identity_mask(p), 1 FROM new_rows r JOIN profiles p ON p.id = r.profile_id
  ) x GROUP BY 1, 2 HAVING sum(d) <> 0;
  RETURN NULL;
END $$;
-- CREATE OR REPLACE drops the functions' settings: the probes of 20261201220100 again.
ALTER FUNCTION "segment_identity_members_new"() SET enable_mergejoin = off;
ALTER FUNCTION "segment_identity_members_new"() SET enable_hashjoin = off;
ALTER FUNCTION "segment_identity_members_both"() SET enable_mergejoin = off;
ALTER FUNCTION "segment_identity_members_both"() SET enable_hashjoin = off;
