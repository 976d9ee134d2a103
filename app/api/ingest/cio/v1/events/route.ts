import { trackAnonymousEvent } from "@/lib/ingest/cio/routes";

// Customer.io Track v1: an event with an anonymous_id (or none).
export const POST = trackAnonymousEvent;
