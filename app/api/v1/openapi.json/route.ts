import { json } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/openapi/openapi-document";

// Public on purpose: the document describes the API's shape (the same for every workspace),
// not any workspace's data, so code generators and the reference page can fetch it without
// a token. Every operation in it still needs a token or a session.
export function GET() {
  return json(openApiDocument());
}
