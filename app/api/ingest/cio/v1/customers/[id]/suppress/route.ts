import { suppressCustomer } from "@/lib/ingest/cio/routes";

export const POST = suppressCustomer;
