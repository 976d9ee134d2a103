import { buildOpenApiDocument } from "@/lib/openapi/build-document";

// Built once per process: the operations are static, so the document only changes with a deploy.
let cached: ReturnType<typeof buildOpenApiDocument> | null = null;

export function openApiDocument() {
  cached ??= buildOpenApiDocument();
  return cached;
}
