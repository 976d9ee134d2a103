-- Workspace-wide time-window counts (Overview, identity trend) scan by time alone.
CREATE INDEX "events_occurred_at_idx" ON "events"("occurred_at");
