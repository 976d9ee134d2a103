-- The membership triggers of 20261201220000 read each new member's profile by its primary key.
-- Knowing the statement's row count, the planner still prefers a merge join that walks the whole
-- profiles key, or a hash join over a scan of every profile: for 117k new members at 1M profiles
-- the merge took 1.2 s, a probe per member 0.3-0.6 s; for all 1M the probes (2.7 s) are about the
-- hash join (3.2 s). Probing costs in proportion to the members written, so these functions probe.
ALTER FUNCTION "segment_identity_members_new"() SET enable_mergejoin = off;
ALTER FUNCTION "segment_identity_members_new"() SET enable_hashjoin = off;
ALTER FUNCTION "segment_identity_members_old"() SET enable_mergejoin = off;
ALTER FUNCTION "segment_identity_members_old"() SET enable_hashjoin = off;
ALTER FUNCTION "segment_identity_members_both"() SET enable_mergejoin = off;
ALTER FUNCTION "segment_identity_members_both"() SET enable_hashjoin = off;
