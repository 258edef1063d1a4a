import { describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import { signState, verifyState, type StateClaims } from "./state";

const secret = "s".repeat(43);
const claims: StateClaims = {
  attemptId: "0b7a4f5e-8f2c-4b3a-9a51-0c8e2f7d1a11",
  userId: "5d1c1e9a-2f0e-4c55-8d7e-5f3b0b6b1c22",
  companyId: "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a533",
  provider: "gocardless",
};
const at = "2026-11-26T10:00:00Z";

describe("connect state", () => {
  it("verifies its own state and gives back the claims, in fewer than 256 characters", async () => {
    const state = signState(claims, secret, fixedClock(at));
    expect(state.length).toBeLessThan(256);
    expect(verifyState(state, secret, fixedClock("2026-11-26T10:29:59Z"))).toEqual({ ok: true, claims });
  });

  it("expires after 30 minutes", async () => {
    const state = signState(claims, secret, fixedClock(at));
    expect(verifyState(state, secret, fixedClock("2026-11-26T10:30:01Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it.each([
    ["a changed byte of the attempt", (s: string) => `${s.slice(0, 5)}${s[5] === "A" ? "B" : "A"}${s.slice(6)}`],
    ["another provider", (s: string) => s.replace(".gocardless.", ".plaid.")],
    ["a later expiry", (s: string) => { const p = s.split("."); p[5] = (Number.parseInt(p[5]!, 36) + 3600).toString(36); return p.join("."); }],
    ["a changed signature", (s: string) => `${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`],
    ["no signature", (s: string) => s.split(".").slice(0, 6).join(".") + "."],
    ["garbage", () => "not-a-state"],
  ])("refuses %s", async (_name, tamper) => {
    const state = signState(claims, secret, fixedClock(at));
    expect(verifyState(tamper(state), secret, fixedClock(at))).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a state signed with another secret", async () => {
    const state = signState(claims, "o".repeat(43), fixedClock(at));
    expect(verifyState(state, secret, fixedClock(at))).toEqual({ ok: false, reason: "invalid" });
  });
});
