import { describe, expect, it } from "vitest";
import { AccessPolicy } from "../../../src/app/access/access-policy.js";
import type { Origin } from "../../../src/app/types.js";
import type { AccessConfig } from "../../../src/config/access.js";

const OPEN: AccessConfig = {
  allowedChannels: [],
  blockedChannels: [],
  allowedRoles: [],
  blockedRoles: [],
  allowedUsers: [],
  blockedUsers: [],
  adminUsers: [],
  allowDms: true,
};

function policy(lists: Partial<AccessConfig>): AccessPolicy {
  return new AccessPolicy({ ...OPEN, ...lists });
}

type OriginFields = { readonly [Key in keyof Origin]?: Origin[Key] | undefined };

/** A Discord member's origin; fields set to undefined are left out. */
function origin(fields: OriginFields = {}): Origin {
  const merged: Record<string, unknown> = {
    platform: "discord",
    user: "u1",
    server: "g1",
    channel: "c1",
    roles: [],
    canManage: false,
    ...fields,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as unknown as Origin;
}

describe("AccessPolicy", () => {
  it("lets everyone in everywhere when no list is set", () => {
    expect(policy({}).refusal(origin())).toBeNull();
    expect(policy({}).refusal(origin({ direct: true, server: undefined }))).toBeNull();
  });

  it("answers only in allowed channels, and in threads of them", () => {
    const lists = policy({ allowedChannels: ["c1"] });
    expect(lists.refusal(origin())).toBeNull();
    expect(lists.refusal(origin({ channel: "c2" }))).toBe("channel");
    expect(lists.refusal(origin({ channel: "t9", parentChannel: "c1" }))).toBeNull();
    expect(lists.refusal(origin({ channel: "t9", parentChannel: "c2" }))).toBe("channel");
  });

  it("lets a block win over every allow-list, for admins too", () => {
    const lists = policy({
      allowedChannels: ["c1"],
      allowedUsers: ["u1"],
      blockedUsers: ["u1"],
      adminUsers: ["u1"],
    });
    expect(lists.refusal(origin())).toBe("blocked");
    expect(
      policy({ blockedChannels: ["c1"] }).refusal(origin({ channel: "t", parentChannel: "c1" })),
    ).toBe("channel");
    expect(policy({ blockedRoles: ["r1"] }).refusal(origin({ roles: ["r2", "r1"] }))).toBe(
      "blocked",
    );
  });

  it("admits a person who is listed or holds a listed role", () => {
    const lists = policy({ allowedUsers: ["u2"], allowedRoles: ["r1"] });
    expect(lists.refusal(origin({ user: "u2" }))).toBeNull();
    expect(lists.refusal(origin({ roles: ["r1"] }))).toBeNull();
    expect(lists.refusal(origin())).toBe("user");
  });

  it("does not restrict platforms without roles by role lists", () => {
    const lists = policy({ allowedRoles: ["r1"] });
    expect(lists.refusal(origin({ platform: "slack", roles: undefined }))).toBeNull();
    expect(lists.refusal(origin({ roles: [] }))).toBe("user");
  });

  it("keeps DMs outside the channel lists and closes them when DMs are off, except to admins", () => {
    const dm = origin({ server: undefined, channel: "d1", direct: true });
    expect(policy({ allowedChannels: ["c1"] }).refusal(dm)).toBeNull();
    expect(policy({ allowDms: false }).refusal(dm)).toBe("direct");
    expect(policy({ allowDms: false, adminUsers: ["u1"] }).refusal(dm)).toBeNull();
  });

  it("lets admins past the allow-lists", () => {
    const lists = policy({ allowedChannels: ["c1"], allowedUsers: ["u2"], adminUsers: ["u1"] });
    expect(lists.refusal(origin({ channel: "c9" }))).toBeNull();
  });

  it("lets admins and members who may manage change settings, and nobody else", () => {
    const lists = policy({ adminUsers: ["boss"] });
    expect(lists.mayManageChannel(origin({ user: "boss" }))).toBe(true);
    expect(lists.mayManageChannel(origin({ canManage: true }))).toBe(true);
    expect(lists.mayManageChannel(origin())).toBe(false);
    expect(lists.mayManageServer(origin({ canManage: true, canManageServer: false }))).toBe(false);
    expect(lists.mayManageServer(origin({ user: "boss" }))).toBe(true);
  });

  it("lets every console user manage until admins are named", () => {
    const local = origin({ platform: "console", canManage: true });
    expect(policy({}).mayManageServer(local)).toBe(true);
    expect(policy({ adminUsers: ["boss"] }).mayManageServer(local)).toBe(false);
    expect(policy({ adminUsers: ["u1"] }).mayManageServer(local)).toBe(true);
  });
});
