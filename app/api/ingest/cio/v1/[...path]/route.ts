import { cioErrors } from "@/lib/ingest/cio/http";

// Track v1 calls Downstream does not implement (devices, push metrics, merge): a JSON 404 in
// Customer.io's error shape, so customerio-node reports it instead of failing to parse HTML.
function unsupported(req: Request) {
  return cioErrors([`${req.method} ${new URL(req.url).pathname} is not supported by Downstream's Customer.io Track endpoint`], 404);
}

export { unsupported as GET, unsupported as POST, unsupported as PUT, unsupported as DELETE };
