-- Deleting a person should not take the guard of 20261201220000: an ingest transaction that merges
-- two people changes the survivor's identifiers (SHARE on the guard) and deletes the other, whose
-- memberships go by cascade; with a ROW EXCLUSIVE there, two such merges at once would deadlock.
-- The person's row lock already orders the BEFORE DELETE trigger after any membership insert that
-- checked the foreign key; and memberships deleted with their person find no profile to count, so
-- the memberships' delete trigger takes the guard only when some deleted member still has one.
CREATE OR REPLACE FUNCTION "segment_identity_profile_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT segment_id, segment_identity_mask(OLD), -1 FROM segment_memberships WHERE profile_id = OLD.id;
  RETURN OLD;
END $$;
CREATE OR REPLACE FUNCTION "segment_identity_members_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows r JOIN profiles p ON p.id = r.profile_id) THEN
    RETURN NULL;
  END IF;
  LOCK TABLE segment_identity_guard IN ROW EXCLUSIVE MODE;
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT r.segment_id, segment_identity_mask(p), -count(*) FROM old_rows r JOIN profiles p ON p.id = r.profile_id GROUP BY 1, 2;
  RETURN NULL;
END $$;
-- CREATE OR REPLACE drops the function's settings: the probes of 20261201220100 again.
ALTER FUNCTION "segment_identity_members_old"() SET enable_mergejoin = off;
ALTER FUNCTION "segment_identity_members_old"() SET enable_hashjoin = off;
