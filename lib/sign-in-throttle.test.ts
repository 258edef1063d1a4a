import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./sign-in-throttle";

describe("SignInThrottle", () => {
  it("refuses the sixth attempt within 15 minutes, then lets it through as failures age out", () => {
    let now = 0;
    const throttle = new SignInThrottle(5, 15 * 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(throttle.waitFor("a@b.co")).toBe(0);
      throttle.failed("a@b.co");
      now += 60_000;
    }
    expect(throttle.waitFor("a@b.co")).toBe(10 * 60_000);
    expect(throttle.waitFor("other@b.co")).toBe(0);
    now = 15 * 60_000 + 1;
    expect(throttle.waitFor("a@b.co")).toBe(0);
  });

  it("a success clears the count", () => {
    const throttle = new SignInThrottle(2, 1000, () => 0);
    throttle.failed("x");
    throttle.failed("x");
    expect(throttle.waitFor("x")).toBeGreaterThan(0);
    throttle.succeeded("x");
    expect(throttle.waitFor("x")).toBe(0);
  });
});
