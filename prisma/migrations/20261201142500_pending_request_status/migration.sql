-- Google Data Manager requests still PROCESSING when their run ended (lib/sync/recheck-requests.ts
-- asks Google again every 10 minutes): found without scanning every batch ever sent. Partial, so it
-- holds only the few batches still waiting. An expression index Prisma's schema cannot state.
CREATE INDEX sync_run_batches_pending_request_idx ON sync_run_batches (started_at)
 WHERE response->>'request_status' = 'PROCESSING';
