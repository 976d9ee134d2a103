import { env } from "@/lib/env";

/**
 * Seconds between near-real-time passes (0: off). Pages read it too, so what they say about how
 * fast a segment follows new activity is what the workers do.
 */
export const realtimeSeconds = (): number => env().SEGMENTS_REALTIME_SECONDS;
