import { unsuppressCustomer } from "@/lib/ingest/cio/routes";

export const POST = unsuppressCustomer;
