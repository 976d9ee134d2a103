-- Incremental sync plans (issue 16 item 2): a run plans from the people who changed since the
-- sync's last committed position instead of classifying every member again.
--
-- What changed is recorded by statement-level triggers with transition tables: one row per
-- statement (and segment) holding the changed people as an array, stamped with the writing
-- transaction's id. A refresh that moves a million members writes one row, not a million. The
-- triggers are ENABLE ALWAYS: the segment refresh and bulk loads run with
-- session_replication_role = replica (no per-row FK checks), which skips ordinary triggers.
-- Readers take rows with xid >= their position and move the position to their snapshot's xmin,
-- so nothing committed late is ever skipped (lib/streams/fanout.ts explains the cursor).

CREATE TABLE "membership_changes" (
    "id" BIGSERIAL NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,
    "segment_id" TEXT NOT NULL,
    "profile_ids" BIGINT[],
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "membership_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "membership_changes_xid_idx" ON "membership_changes"("xid");

CREATE TABLE "profile_changes" (
    "id" BIGSERIAL NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,
    "profile_ids" BIGINT[],
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "profile_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "profile_changes_xid_idx" ON "profile_changes"("xid");

CREATE FUNCTION "membership_changes_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO membership_changes (segment_id, profile_ids) SELECT segment_id, array_agg(profile_id) FROM new_rows GROUP BY segment_id;
  RETURN NULL;
END $$;
CREATE FUNCTION "membership_changes_old"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO membership_changes (segment_id, profile_ids) SELECT segment_id, array_agg(profile_id) FROM old_rows GROUP BY segment_id;
  RETURN NULL;
END $$;
CREATE FUNCTION "membership_changes_both"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO membership_changes (segment_id, profile_ids)
  SELECT segment_id, array_agg(DISTINCT profile_id) FROM (SELECT segment_id, profile_id FROM old_rows UNION ALL SELECT segment_id, profile_id FROM new_rows) r
  GROUP BY segment_id;
  RETURN NULL;
END $$;
CREATE TRIGGER "membership_changes_insert" AFTER INSERT ON "segment_memberships"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_changes_new"();
CREATE TRIGGER "membership_changes_delete" AFTER DELETE ON "segment_memberships"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_changes_old"();
CREATE TRIGGER "membership_changes_update" AFTER UPDATE ON "segment_memberships"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "membership_changes_both"();
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "membership_changes_insert";
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "membership_changes_delete";
ALTER TABLE "segment_memberships" ENABLE ALWAYS TRIGGER "membership_changes_update";

-- Profiles: only what the plan reads (identifiers, phone validity, test status). Ingest updates
-- profiles on most events (last_seen_at, attributes): those statements write nothing here.
CREATE FUNCTION "profile_changes_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO profile_changes (profile_ids)
  SELECT array_agg(n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (n.email_sha256, n.phone_sha256, n.phone_valid, n.external_id, n.is_test)
         IS DISTINCT FROM (o.email_sha256, o.phone_sha256, o.phone_valid, o.external_id, o.is_test)
  HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER "profile_changes_update" AFTER UPDATE ON "profiles"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "profile_changes_update"();
ALTER TABLE "profiles" ENABLE ALWAYS TRIGGER "profile_changes_update";

-- A sync's committed position: the snapshot xmin and time of the plan of its last run that
-- delivered everything it planned, and the settings that plan was made under.
CREATE TABLE "sync_plan_positions" (
    "sync_id" TEXT NOT NULL,
    "position" BIGINT,
    "position_at" TIMESTAMPTZ(3),
    "fingerprint" TEXT,
    "needs_full" BOOLEAN NOT NULL DEFAULT true,
    "runs_since_full" INTEGER NOT NULL DEFAULT 0,
    "full_at" TIMESTAMPTZ(3),
    "counts" JSONB,
    "states" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "sync_plan_positions_pkey" PRIMARY KEY ("sync_id")
);
ALTER TABLE "sync_plan_positions" ADD CONSTRAINT "sync_plan_positions_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every member's status as of the latest plan (UNLOGGED: rebuilt by the next full plan; a crash
-- empties it, and sync_plan_positions.states then says it is gone). No foreign key: a full plan
-- writes a million rows, and a per-row check would be most of that.
CREATE UNLOGGED TABLE "sync_member_states" (
    "sync_id" TEXT NOT NULL,
    "profile_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "e" BOOLEAN NOT NULL,
    "p" BOOLEAN NOT NULL,
    "x" BOOLEAN NOT NULL,
    CONSTRAINT "sync_member_states_pkey" PRIMARY KEY ("sync_id","profile_id")
);
CREATE FUNCTION "sync_member_states_drop"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sync_member_states WHERE sync_id = OLD.sync_id;
  RETURN NULL;
END $$;
CREATE TRIGGER "sync_member_states_drop" AFTER DELETE ON "sync_plan_positions" FOR EACH ROW EXECUTE FUNCTION "sync_member_states_drop"();
