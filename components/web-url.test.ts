import { describe, expect, it } from "vitest";
import { isImageUrl, isWebPageUrl } from "./web-url";

describe("provider URLs", () => {
  it("a consent page is an http(s) URL, nothing else", () => {
    expect(isWebPageUrl("https://ob.gocardless.com/psd2/start/abc")).toBe(true);
    expect(isWebPageUrl("http://127.0.0.1:3000/sandbox/gocardless/hosted/abc")).toBe(true);
    for (const bad of ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x", "/relative", ""]) {
      expect(isWebPageUrl(bad), bad).toBe(false);
    }
  });

  it("a logo is an https or data: image", () => {
    expect(isImageUrl("https://cdn.example/logo.png")).toBe(true);
    expect(isImageUrl("data:image/svg+xml;base64,PHN2Zz4=")).toBe(true);
    for (const bad of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://cdn.example/logo.png", "x", ""]) {
      expect(isImageUrl(bad), bad).toBe(false);
    }
  });
});
