-- The profiles trigger of 20261201220000 asked first whether any mask changed with NOT EXISTS over
-- a join of the two transition tables: planned as a nested loop expecting an early match, it
-- compared every new row with every old one when nothing changed, the usual case (117 s for an
-- UPDATE of 20k profiles' last_seen_at, 2.3 s without it). Now one aggregate over the join (hashed)
-- collects the changed people, and only those are looked up in segment_memberships.
CREATE OR REPLACE FUNCTION "segment_identity_profiles_update"() RETURNS trigger LANGUAGE plpgsql AS $$
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
