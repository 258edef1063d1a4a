import { describe, expect, it } from "vitest";
import { acceptedLocales, languageOf, resolveLocale } from "./config";

describe("the request's locale", () => {
  it("is the user's chosen language over the browser's, keeping the browser's region for that language", () => {
    expect(resolveLocale("en", "ko-KR,ko;q=0.9")).toBe("en");
    expect(resolveLocale("en", "ko-KR,en-GB;q=0.5")).toBe("en-GB");
    expect(resolveLocale("ko", "en-US,en;q=0.9")).toBe("ko");
    expect(resolveLocale("ko", "en-US,ko-KR;q=0.3")).toBe("ko-KR");
  });

  it("is else the browser's first language we have, by quality, with its region", () => {
    expect(resolveLocale(null, "ko-KR,ko;q=0.9,en-US;q=0.8")).toBe("ko-KR");
    expect(resolveLocale(null, "de-DE,de;q=0.9,ko;q=0.7,en;q=0.8")).toBe("en");
    expect(resolveLocale(null, "en-GB")).toBe("en-GB");
    expect(resolveLocale(null, "en;q=0.5,ko;q=0.6")).toBe("ko");
  });

  it("is else English", () => {
    expect(resolveLocale(null, null)).toBe("en");
    expect(resolveLocale(null, "")).toBe("en");
    expect(resolveLocale(null, "de-DE,fr;q=0.9,*;q=0.1")).toBe("en");
    expect(resolveLocale(null, "not a tag!!, ;q=abc")).toBe("en");
  });

  it("reads Accept-Language by quality, keeping the order of equal ones and dropping q=0", () => {
    expect(acceptedLocales("fr;q=0.5, ko-KR, en;q=0, de")).toEqual(["ko-KR", "de", "fr"]);
  });

  it("gives the interface language of a locale, English for one we do not have", () => {
    expect(languageOf("ko-KR")).toBe("ko");
    expect(languageOf("en-GB")).toBe("en");
    expect(languageOf("de-DE")).toBe("en");
  });
});
