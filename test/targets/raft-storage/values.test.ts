/**
 * The raft-storage model's value helpers on what a store may answer: memberships compared as sets
 * (well-formed ones in place, malformed ones by canonical JSON, as before), and entries copied so
 * that a store reusing its objects cannot change what the model keeps.
 */
import { describe, expect, it } from "vitest";
import type { Entry, MembershipConfig } from "../../../src/targets/raft-storage/contract.js";
import { copyEntry, sameEntry } from "../../../src/targets/raft-storage/entries.js";
import { canonicalMembership, sameMembership } from "../../../src/targets/raft-storage/kv.js";

const byJson = (a: MembershipConfig, b: MembershipConfig): boolean => JSON.stringify(canonicalMembership(a)) === JSON.stringify(canonicalMembership(b));

describe("sameMembership", () => {
  const cases: [MembershipConfig, MembershipConfig][] = [
    [{ members: [1, 2, 3] }, { members: [3, 1, 2] }],
    [{ members: [1, 2, 2] }, { members: [2, 1] }],
    [{ members: [1, 2] }, { members: [1, 2, 3] }],
    [{ members: [1, 2, 3] }, { members: [1, 2] }],
    [{ members: [1] }, { members: [1], membersAfterConsensus: [1, 2] }],
    [{ members: [1], membersAfterConsensus: [2, 1] }, { members: [1], membersAfterConsensus: [1, 2] }],
    [{ members: [1], membersAfterConsensus: [2] }, { members: [1], membersAfterConsensus: [1, 2] }],
    [{ members: [] }, { members: [] }],
  ];
  it.each(cases)("agrees with the canonical JSON comparison: %j against %j", (a, b) => {
    expect(sameMembership(a, b)).toBe(byJson(a, b));
  });

  it("compares as sets: order and repeats do not matter, a missing or extra member does", () => {
    expect(sameMembership({ members: [3, 1, 2] }, { members: [1, 2, 3, 3] })).toBe(true);
    expect(sameMembership({ members: [1, 2] }, { members: [1, 2, 4] })).toBe(false);
    expect(sameMembership({ members: [1] }, { members: [1], membersAfterConsensus: [1] })).toBe(false);
  });

  it("a malformed membership goes by canonical JSON, as it always did (null after-consensus reads as empty)", () => {
    const malformed = { members: [1], membersAfterConsensus: null } as unknown as MembershipConfig;
    expect(sameMembership(malformed, { members: [1], membersAfterConsensus: [] })).toBe(true);
    expect(sameMembership(malformed, { members: [1], membersAfterConsensus: [2] })).toBe(false);
    expect(sameMembership({ members: ["1"] } as unknown as MembershipConfig, { members: [1] })).toBe(false);
  });
});

describe("copyEntry", () => {
  const entries: Entry[] = [
    { index: 4, term: 2, payload: { type: "normal", data: { op: "set", key: "k1", value: "v4" } } },
    { index: 5, term: 2, payload: { type: "normal", data: { op: "del", key: "k1" } } },
    { index: 6, term: 3, payload: { type: "configChange", membership: { members: [1, 2], membersAfterConsensus: [1, 2, 3] } } },
    { index: 7, term: 3, payload: { type: "snapshotPointer", id: "snap-7", membership: { members: [1, 2, 3] } } },
    { index: 8, term: 4, payload: { type: "blank" } },
  ];

  it.each(entries)("copies $payload.type entries equal and unshared", (e) => {
    const copy = copyEntry(e);
    expect(copy).toEqual(e);
    expect(sameEntry(copy, e)).toBe(true);
    expect(copy).not.toBe(e);
    expect(copy.payload).not.toBe(e.payload);
  });

  it("a store that reuses its membership arrays cannot change the copy", () => {
    const members = [1, 2];
    const e: Entry = { index: 6, term: 3, payload: { type: "configChange", membership: { members } } };
    const copy = copyEntry(e);
    members.push(9);
    expect(copy.payload).toEqual({ type: "configChange", membership: { members: [1, 2] } });
  });

  it("an entry not shaped as the contract says is copied whole (structuredClone), extra fields and all", () => {
    const odd = { index: 3, term: 1, payload: { type: "normal", data: { op: "set", key: "k", value: 7 }, note: "x" } } as unknown as Entry;
    const copy = copyEntry(odd);
    expect(copy).toEqual(odd);
    expect(copy.payload).not.toBe(odd.payload);
  });
});
