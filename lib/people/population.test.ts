import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { pool } from "@/lib/db";
import { getWorkspaceSummary } from "@/lib/overview/workspace-summary";
import { countPopulation } from "@/lib/people/population";
import { previewSegment } from "@/lib/segments/preview";

// One people population (issue 9, item 1): the Overview's "People", the builder's "N of M
// people" and a segment's count all leave out test profiles, so the three figures agree.

beforeAll(async () => {
  // 20 people, the last 4 of them test profiles; everyone has an email.
  await pool().query(`INSERT INTO profiles (id, email, email_sha256, is_test)
    SELECT i, 'p' || i || '@example.com', encode(sha256(convert_to('p' || i || '@example.com', 'UTF8')), 'hex'), i > 16 FROM generate_series(1, 20) i`);
});

describe("the people population", () => {
  it("is counted the same by the Overview, the builder's total and the builder's count", async () => {
    expect(await countPopulation(pool())).toBe(16);
    expect(await countPopulation(pool(), 0)).toBe(16); // the estimate path, once the table is large
    const summary = await getWorkspaceSummary();
    expect([summary.people, summary.testProfiles, summary.withEmail]).toEqual([16, 4, 16]);

    const everyone = { version: 1, match: "all", conditions: [{ type: "identifier", identifier: "email", present: true }] };
    const preview = await previewSegment(systemActor(), { definition: everyone, sampleSize: 50 });
    expect([preview.count, preview.total, preview.reachable]).toEqual([16, 16, 16]);
    expect(preview.sample.map((m) => Number(m.id)).every((id) => id <= 16)).toBe(true);
  });
});
