import type { DeliveryFeeder } from "@/lib/delivery/sender";
import { feedActionTriggers } from "@/lib/webhook-actions/runtime/feed-action-triggers";
import { fireDueTriggers } from "@/lib/webhook-actions/runtime/fire-due-triggers";

/**
 * The delivery loop's feeder for webhook actions: new segment transitions and events become
 * triggers, then the triggers whose delay is over are decided and rendered into the ledger.
 */
export const webhookActionFeeder: DeliveryFeeder = async () => (await feedActionTriggers()) + (await fireDueTriggers());
