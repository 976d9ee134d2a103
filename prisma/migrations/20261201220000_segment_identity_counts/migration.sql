-- Identifier coverage per segment, kept as rows are written (issue 16 item 6): the identity audit's
-- per-segment figures and the launch checklist's match ceiling joined every membership to its
-- profile (a sequential scan of profiles: 1.5 s at 1M profiles / 200k memberships). Append-only
-- deltas as in 20261201195000_page_counts: one row per (segment, mask) per statement, from
-- statement-level triggers with transition tables; readers sum them (lib/sync/segment-coverage.ts).
--
-- The mask of a member (bits): 1 sendable email, 2 sendable phone, 4 external id (the combos of
-- lib/sync/segment-coverage.ts, conditions of lib/identity/sendable.ts), 8 normalized email,
-- 16 valid normalized phone, 32 test profile (lib/people/population.ts: not a person).
CREATE TABLE "segment_identity_counts" (
    "id" BIGSERIAL NOT NULL,
    "segment_id" TEXT NOT NULL,
    "mask" INTEGER NOT NULL,
    "n" BIGINT NOT NULL,
    CONSTRAINT "segment_identity_counts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "segment_identity_counts_segment_id_idx" ON "segment_identity_counts" ("segment_id");

-- Serializes the two kinds of writer that could otherwise each miss the other's uncommitted rows: a
-- statement that adds memberships reads its members' profiles, one that changes a profile's mask
-- reads that person's memberships. Membership writers take ROW EXCLUSIVE, profile writers SHARE: each
-- kind runs concurrently with itself, and across kinds the later one waits for the earlier to commit,
-- then reads with a fresh snapshot (plpgsql takes one per statement), so it sees the other's rows.
CREATE TABLE "segment_identity_guard" (
    "id" INTEGER NOT NULL,
    CONSTRAINT "segment_identity_guard_pkey" PRIMARY KEY ("id")
);

CREATE FUNCTION "segment_identity_mask"(p "profiles") RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN p.email_sha256 IS NOT NULL THEN 1 ELSE 0 END)
       + (CASE WHEN p.phone_sha256 IS NOT NULL AND p.phone_valid IS NOT FALSE THEN 2 ELSE 0 END)
       + (CASE WHEN p.external_id IS NOT NULL THEN 4 ELSE 0 END)
       + (CASE WHEN p.email IS NOT NULL THEN 8 ELSE 0 END)
       + (CASE WHEN p.phone_valid AND p.phone IS NOT NULL THEN 16 ELSE 0 END)
       + (CASE WHEN p.is_test THEN 32 ELSE 0 END)
$$;

-- Each statement that writes memberships probes its members' profiles by key: told the row count,
-- the planner still preferred a merge join walking the whole profiles key or a hash join over every
-- profile (117k new members at 1M profiles: 1.2 s merged, 0.3-0.6 s probed; all 1M: 2.7 s probed,
-- 3.2 s hashed), so these functions turn both off. A statement that moved nobody (a refresh with no
-- change still fires them, with empty transition tables) takes no guard, so identifier changes in
-- ingest never wait behind it.
CREATE FUNCTION "segment_identity_members_new"() RETURNS trigger LANGUAGE plpgsql
  SET enable_mergejoin = off SET enable_hashjoin = off AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  LOCK TABLE segment_identity_guard IN ROW EXCLUSIVE MODE;
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT r.segment_id, segment_identity_mask(p), count(*) FROM new_rows r JOIN profiles p ON p.id = r.profile_id GROUP BY 1, 2;
  RETURN NULL;
END $$;
-- A membership deleted with its profile (ON DELETE CASCADE) finds no profile here: the profile's
-- own BEFORE DELETE trigger below has already taken it out of the counts, and then no guard is
-- needed (see the profile delete trigger).
CREATE FUNCTION "segment_identity_members_old"() RETURNS trigger LANGUAGE plpgsql
  SET enable_mergejoin = off SET enable_hashjoin = off AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows r JOIN profiles p ON p.id = r.profile_id) THEN
    RETURN NULL;
  END IF;
  LOCK TABLE segment_identity_guard IN ROW EXCLUSIVE MODE;
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT r.segment_id, segment_identity_mask(p), -count(*) FROM old_rows r JOIN profiles p ON p.id = r.profile_id GROUP BY 1, 2;
  RETURN NULL;
END $$;
CREATE FUNCTION "segment_identity_members_both"() RETURNS trigger LANGUAGE plpgsql
  SET enable_mergejoin = off SET enable_hashjoin = off AS $$
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
-- Profiles: only statements that change someone's mask write here (ingest's last_seen_at and
-- attribute updates change none). One aggregate over the hashed join of the transition tables
-- finds the changed people (a NOT EXISTS planned as a nested loop compared every new row with
-- every old one when nothing changed: 117 s for 20k rows), and only they are looked up.
CREATE FUNCTION "segment_identity_profiles_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
  olds integer[];
  news integer[];
BEGIN
  SELECT array_agg(n.id), array_agg(segment_identity_mask(o)), array_agg(segment_identity_mask(n)) INTO ids, olds, news
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE segment_identity_mask(n) <> segment_identity_mask(o);
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  LOCK TABLE segment_identity_guard IN SHARE MODE;
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT m.segment_id, x.mask, sum(x.d)
    FROM unnest(ids, olds, news) AS c(id, old_mask, new_mask)
    CROSS JOIN LATERAL (VALUES (c.old_mask, -1), (c.new_mask, 1)) AS x(mask, d)
    JOIN segment_memberships m ON m.profile_id = c.id
   GROUP BY 1, 2 HAVING sum(x.d) <> 0;
  RETURN NULL;
END $$;
-- Deleting a person takes no guard: an ingest transaction that merges two people changes the
-- survivor's identifiers (SHARE) and deletes the other, so a ROW EXCLUSIVE here would deadlock two
-- merges at once. The person's row lock already orders this trigger after any membership insert
-- that checked the foreign key.
CREATE FUNCTION "segment_identity_profile_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO segment_identity_counts (segment_id, mask, n)
  SELECT segment_id, segment_identity_mask(OLD), -1 FROM segment_memberships WHERE profile_id = OLD.id;
  RETURN OLD;
END $$;
CREATE FUNCTION "segment_identity_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM segment_identity_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER "segment_identity_insert" AFTER INSERT ON "segment_memberships"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "segment_identity_members_new"();
CREATE TRIGGER "segment_identity_delete" AFTER DELETE ON "segment_memberships"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "segment_identity_members_old"();
CREATE TRIGGER "segment_identity_update" AFTER UPDATE ON "segment_memberships"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "segment_identity_members_both"();
CREATE TRIGGER "segment_identity_truncate" AFTER TRUNCATE ON "segment_memberships" FOR EACH STATEMENT EXECUTE FUNCTION "segment_identity_reset"();
CREATE TRIGGER "segment_identity_profiles_update" AFTER UPDATE ON "profiles"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "segment_identity_profiles_update"();
-- Per row, on delete only (rare: erasure, clean-ups): the memberships the cascade is about to remove.
CREATE TRIGGER "segment_identity_profile_delete" BEFORE DELETE ON "profiles" FOR EACH ROW EXECUTE FUNCTION "segment_identity_profile_delete"();
-- The segment refresh and bulk loads run with session_replication_role = replica: count them too.
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "segment_identity_insert";
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "segment_identity_delete";
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "segment_identity_update";
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "segment_identity_truncate";
ALTER TABLE "profiles" ENABLE ALWAYS TRIGGER "segment_identity_profiles_update";
-- Not the profile delete: under replica the foreign key's cascade does not run either, so the
-- memberships stay (and are counted) until they are deleted themselves.

-- Backfill. The triggers' locks (CREATE TRIGGER takes SHARE ROW EXCLUSIVE on both tables) keep
-- writers out until this commits, so no membership is counted twice or missed.
INSERT INTO segment_identity_counts (segment_id, mask, n)
SELECT m.segment_id, segment_identity_mask(p), count(*) FROM segment_memberships m JOIN profiles p ON p.id = m.profile_id GROUP BY 1, 2;
