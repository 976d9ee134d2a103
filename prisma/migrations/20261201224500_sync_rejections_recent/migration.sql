-- Incremental sync plans (issue 16 item 2) read a sync's refusals by time: whether any is recent
-- (the plan then honours them) and which were written or expired since the position (those people
-- are planned again). Refusals are kept, so with only the primary key (sync_id, profile_id) both
-- read every refusal the sync ever had: 50,000 old ones cost 20-70 ms per read at load, twice per
-- plan, whatever the churn. By time, a plan reads only the last day's.
CREATE INDEX "sync_rejections_sync_id_rejected_at_idx" ON "sync_rejections"("sync_id", "rejected_at");
