-- Global control group (issue 15 item 2): every change of its size, with who made it and when.
-- The newest row is the setting in effect; each row's period runs until the next one, which is
-- how a lift report reads the assignment that was valid at the time. The salt is made once and
-- copied to every later row, so membership is the same hash throughout (lib/measurement).
CREATE TABLE "global_control_changes" (
    "id" BIGSERIAL NOT NULL,
    "percent" INTEGER NOT NULL,
    "salt" TEXT NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "global_control_changes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "global_control_changes_percent_check" CHECK ("percent" BETWEEN 0 AND 15)
);
