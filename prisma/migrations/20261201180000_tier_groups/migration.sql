-- Intent tiers (issue 15 item 5): an ordered list of syncs, each with its own segment and audience.
-- A person is synced only to the highest tier they qualify for (lib/tiers/tier-sql.ts, read by the
-- sync plan). rank 1 is the lowest intent; a sync belongs to at most one group.
CREATE TABLE "tier_groups" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tier_groups_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "tier_group_members" (
    "group_id" TEXT NOT NULL,
    "sync_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "tier_group_members_pkey" PRIMARY KEY ("sync_id")
);

CREATE UNIQUE INDEX "tier_group_members_group_id_rank_key" ON "tier_group_members"("group_id", "rank");

ALTER TABLE "tier_group_members" ADD CONSTRAINT "tier_group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "tier_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tier_group_members" ADD CONSTRAINT "tier_group_members_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
