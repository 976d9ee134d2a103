// Intent tiers in the sync plan (lib/sync/plan-sql.ts). A tier group ranks syncs (rank 1 = the
// lowest intent); each person is synced only to the highest tier they qualify for. Two statuses:
//   higher_tier  a member of a higher tier's segment: "qualifies" means segment membership, so a
//                person held out, suppressed or capped in the higher tier still counts as in it
//                (a holdout must stay out of every tier, or the lift report would be measuring
//                the lower tier's ads). Removed from this audience even when it is add-only.
//   other_tier   qualifies here, but another tier's audience still has them (audience_members):
//                not added until that tier's own run has removed them.
// Why no one is ever in two tiers' audiences at once, with "delivered" = audience_members (the
// engine commits it per batch, in the batch's transaction, after the destination acknowledged):
// an add is planned only for someone no other tier holds at plan time, and a run holds its sync's
// lock, so while tiers run one after another the add lands in an audience that is the only one
// holding the person. Moving up, the lower tier's next run removes them (higher_tier) and only the
// higher tier's run after it adds them; moving down, the higher tier removes them first (they left
// its segment: mirror syncs only; an add-only higher tier keeps them and the lower tier never
// adds them). A worker killed between tiers' runs leaves each audience as its last committed
// batch says, which is still a state with no one in two. Two tiers of one group never plan and
// deliver at the same time: each run holds its group's advisory lock too (lib/sync/run-lock.ts
// lockTierGroup), else one plan's snapshot would miss the other's adds in flight. Not guarded: a
// batch of adds the destination applied but the worker died before committing: audience_members
// never heard of it, so if the person moves up before this tier runs again, the higher tier adds
// them and this tier's plan has no row to remove. Closing it needs a write-ahead record of adds in
// flight that the plan counts as delivered (a hook in plan-sql.ts).

/** Members of a higher tier's segment in the group of sync `syncParam` (a hashed subplan: empty when not in a group). */
export const higherTierMembersSql = (syncParam: string) => `
  SELECT sm.profile_id FROM tier_group_members me
  JOIN tier_group_members hi ON hi.group_id = me.group_id AND hi.rank > me.rank
  JOIN syncs s ON s.id = hi.sync_id
  JOIN segment_memberships sm ON sm.segment_id = s.segment_id
  WHERE me.sync_id = ${syncParam}`;

/** People another tier of the group still has (delivered), whatever their rank. */
export const otherTierDeliveredSql = (syncParam: string) => `
  SELECT am.profile_id FROM tier_group_members me
  JOIN tier_group_members o ON o.group_id = me.group_id AND o.sync_id <> me.sync_id
  JOIN audience_members am ON am.sync_id = o.sync_id
  WHERE me.sync_id = ${syncParam}`;
