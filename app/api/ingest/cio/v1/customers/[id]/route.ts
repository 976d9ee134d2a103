import { deleteCustomer, identifyCustomer } from "@/lib/ingest/cio/routes";

// Customer.io Track v1: PUT identify, DELETE person.
export const PUT = identifyCustomer;
export const DELETE = deleteCustomer;
