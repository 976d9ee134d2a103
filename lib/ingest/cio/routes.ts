import { cioAnonymousTrack, cioIdentify, cioTrack, checkCustomerId } from "@/lib/ingest/cio/to-message";
import { cioErrors, cioOk, handleCio, writeOrReject } from "@/lib/ingest/cio/http";
import { deletePerson, suppressPerson, unsuppressPerson } from "@/lib/ingest/write/delete-person";

// One handler per Customer.io Track v1 call; the route files under app/api/ingest/cio/v1 export these.

/**
 * The {id} path segment after /customers/, decoded exactly once. Read from the raw URL rather
 * than the router's params so an id containing "%" or an encoded "/" (customerio-node applies
 * encodeURIComponent) arrives exactly as the client sent it.
 */
export function customerIdFromUrl(url: string): string {
  const parts = new URL(url).pathname.split("/");
  const at = parts.indexOf("customers");
  try {
    return decodeURIComponent(parts[at + 1] ?? "");
  } catch {
    return parts[at + 1] ?? "";
  }
}

export const identifyCustomer = (req: Request) =>
  handleCio(req, ({ source, body, receivedAt }) =>
    writeOrReject(source, cioIdentify(customerIdFromUrl(req.url), body, receivedAt), body, receivedAt),
  );

export const trackCustomerEvent = (req: Request) =>
  handleCio(req, ({ source, body, receivedAt }) =>
    writeOrReject(source, cioTrack(customerIdFromUrl(req.url), body, receivedAt), body, receivedAt),
  );

export const trackAnonymousEvent = (req: Request) =>
  handleCio(req, ({ source, body, receivedAt }) => writeOrReject(source, cioAnonymousTrack(body, receivedAt), body, receivedAt));

function personCall(action: (id: string, sourceId: string) => Promise<unknown>) {
  return (req: Request) =>
    handleCio(req, async ({ source }) => {
      const id = customerIdFromUrl(req.url);
      const errors = checkCustomerId(id);
      if (errors.length) return cioErrors(errors);
      await action(id.trim(), source.id);
      return cioOk(); // Customer.io answers 200 whether or not the person existed
    });
}

export const deleteCustomer = personCall((id) => deletePerson(id));
export const suppressCustomer = personCall((id, sourceId) => suppressPerson(id, sourceId));
export const unsuppressCustomer = personCall((id) => unsuppressPerson(id));
