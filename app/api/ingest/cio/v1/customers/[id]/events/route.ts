import { trackCustomerEvent } from "@/lib/ingest/cio/routes";

// Customer.io Track v1: track an event (or page view) for a person.
export const POST = trackCustomerEvent;
