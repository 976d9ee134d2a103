import { describe, expect, it } from "vitest";
import { exampleBatchBody, forwardedFieldDocs } from "@/components/streams/example-body";
import { streamBatchBodySchema } from "@/lib/streams/forwarded-event";

describe("what the stream page says an endpoint receives", () => {
  it("is a body the documented schema accepts, field for field (a field added or renamed there fails here)", () => {
    const body = exampleBatchBody({ id: "s1", name: "Engagement" });
    expect(streamBatchBodySchema.strict().parse(body)).toEqual(body);
    const event = body.events[0]!;
    const documented = forwardedFieldDocs().map((d) => d.field);
    const shown = Object.entries(event).flatMap(([k, v]) =>
      k !== "properties" && v && typeof v === "object" ? Object.keys(v).map((p) => `${k}.${p}`) : [k],
    );
    expect(documented.sort()).toEqual(shown.sort());
  });

  it("documents each field with the schema's own words", () => {
    const docs = new Map(forwardedFieldDocs().map((d) => [d.field, d]));
    expect(docs.get("id")?.description).toContain("deduplicate");
    expect(docs.get("person.email")?.description).toBe("As stored (normalized)");
    expect(docs.get("sent_at")?.type).toBe("string or null");
  });
});
