import { describe, expect, it } from "vitest";
import { roleFromClaims } from "@/lib/auth/role-from-claims";

const config = {
  roleClaim: "groups",
  groups: { admin: ["downstream-admins"], editor: ["downstream-editors", "marketing"], viewer: ["everyone"] },
};

describe("roleFromClaims", () => {
  it("grants the role whose group the person is in", () => {
    expect(roleFromClaims({ groups: ["downstream-editors"] }, config)).toBe("editor");
    expect(roleFromClaims({ groups: ["marketing", "sales"] }, config)).toBe("editor");
    expect(roleFromClaims({ groups: ["everyone"] }, config)).toBe("viewer");
  });

  it("the highest role wins when several groups match", () => {
    expect(roleFromClaims({ groups: ["everyone", "downstream-admins", "marketing"] }, config)).toBe("admin");
    expect(roleFromClaims({ groups: ["everyone", "marketing"] }, config)).toBe("editor");
  });

  it("gives no role outside every mapped group, or without the claim", () => {
    expect(roleFromClaims({ groups: ["sales", "Downstream-Editors"] }, config)).toBeNull();
    expect(roleFromClaims({ groups: [] }, config)).toBeNull();
    expect(roleFromClaims({}, config)).toBeNull();
    expect(roleFromClaims({ groups: [42, null, { name: "downstream-admins" }] }, config)).toBeNull();
  });

  it("reads a single-valued claim, such as a role attribute", () => {
    const byRole = { roleClaim: "downstream_role", groups: { admin: ["admin"], editor: ["editor"], viewer: ["viewer"] } };
    expect(roleFromClaims({ downstream_role: "editor", groups: ["downstream-admins"] }, byRole)).toBe("editor");
    expect(roleFromClaims({ downstream_role: "owner" }, byRole)).toBeNull();
  });
});
