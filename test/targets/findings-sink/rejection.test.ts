/** A sink rejection reads as the FindingsSinkError it stands for, though Error's constructor never ran. */
import { describe, expect, it } from "vitest";
import { FindingsSinkError, isSinkError, rejection } from "../../../src/targets/findings-sink/errors.js";

describe("rejection", () => {
  const r = rejection("MissingFinding", "acme/o3", "finding f2 not found");

  it("is a FindingsSinkError and an Error, with the constructor's name, message, kind and key", () => {
    const made = new FindingsSinkError("MissingFinding", "acme/o3", "finding f2 not found");
    expect(r).toBeInstanceOf(FindingsSinkError);
    expect(r).toBeInstanceOf(Error);
    expect([r.name, r.message, r.kind, r.key]).toEqual([made.name, made.message, made.kind, made.key]);
    expect(String(r)).toBe(String(made));
    expect(isSinkError(r)).toBe(true);
  });

  it("keeps its kind and key through structuredClone (a worker's message)", () => {
    const clone = structuredClone(r) as { kind?: string; key?: string; message?: string };
    expect([clone.kind, clone.key, clone.message]).toEqual(["MissingFinding", "acme/o3", "MissingFinding at acme/o3: finding f2 not found"]);
  });
});
