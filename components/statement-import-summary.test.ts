import { describe, expect, it } from "vitest";
import { fileRefusal, importOutcome, previewFacts } from "@/components/statement-import-summary";
import type { StatementPreview } from "@/lib/banksync/statement-files/contract";
import { maxStatementFileBytes } from "@/lib/banksync/statement-files/types";
import { say } from "@/test/i18n";

const preview: StatementPreview = {
  importId: "imp-1",
  fileName: "march.ofx",
  format: "ofx",
  accountNumber: "DE89370400440532013000",
  currency: "EUR",
  lines: 1234,
  pending: 0,
  firstDate: "2026-03-01",
  lastDate: "2026-03-31",
  totalMinor: "-123456",
  existing: 10,
  possibleDuplicates: 2,
  locked: 3,
  lockDate: "2026-02-28",
  toImport: 1221,
  sample: [],
};

const texts = (p: StatementPreview, locale: string, language: "en" | "ko" = "en") => previewFacts(p, locale).map((f) => say(f.text, language));

describe("previewFacts", () => {
  it("says what the file would do, in the user's locale", () => {
    expect(texts(preview, "en-US")).toEqual([
      "1,234 lines",
      "Mar 1, 2026 – Mar 31, 2026",
      "Total -€1,234.56",
      "To import: 1,221",
      "Already imported: 10",
      "Possible duplicates: 2",
      "In the locked period (refused): 3",
      "Account DE89370400440532013000",
      "Currency EUR",
    ]);
    expect(texts(preview, "de-DE").slice(0, 4)).toEqual(["1.234 lines", "01.03.2026 – 31.03.2026", "Total -1.234,56\u00a0€", "To import: 1.221"]);
    expect(texts(preview, "ko-KR", "ko").slice(0, 4)).toEqual(["1,234개 줄", "2026. 3. 1. – 2026. 3. 31.", "합계 -€1,234.56", "가져올 거래: 1,221"]);
  });

  it("explains duplicates and names the lock date", () => {
    const facts = previewFacts(preview, "en-US").map((f) => ({ text: say(f.text), hint: f.hint && say(f.hint) }));
    expect(facts.find((f) => f.text.startsWith("Possible duplicates"))?.hint).toBe("They will be imported and flagged for review.");
    expect(facts.find((f) => f.text.startsWith("In the locked period"))?.hint).toBe("Locked up to and including Feb 28, 2026.");
  });

  it("lists pending lines only when there are some, and leaves out what the file does not say", () => {
    const camt = { ...preview, pending: 4, accountNumber: null, firstDate: null, lastDate: null, lockDate: null, lines: 1 };
    const list = texts(camt, "en-US");
    expect(list).toContain("Pending (not imported): 4");
    expect(list[0]).toBe("1 line");
    expect(list.some((t) => t.startsWith("Account") || t.includes("–"))).toBe(false);
    expect(texts(preview, "en-US").some((t) => t.startsWith("Pending"))).toBe(false);
  });
});

describe("importOutcome", () => {
  it("counts what was imported, flagged and refused", () => {
    const outcome = (result: Parameters<typeof importOutcome>[0], language: "en" | "ko" = "en") => say(importOutcome(result, "en-US"), language);
    expect(outcome({ imported: 1200, flagged: 2, skippedKnown: 10, refusedLocked: 3 })).toBe("1,200 transactions imported, 2 flagged as possible duplicates, 3 refused (locked period).");
    expect(outcome({ imported: 1, flagged: 1, skippedKnown: 0, refusedLocked: 0 })).toBe("1 transaction imported, 1 flagged as a possible duplicate.");
    expect(outcome({ imported: 5, flagged: 0, skippedKnown: 0, refusedLocked: 0 })).toBe("5 transactions imported.");
    expect(outcome({ imported: 1200, flagged: 2, skippedKnown: 10, refusedLocked: 3 }, "ko")).toBe(
      "거래 1,200건을 가져왔습니다. 2건은 중복 가능성으로 표시했습니다. 3건은 잠긴 기간이라 거부했습니다.",
    );
  });
});

describe("fileRefusal", () => {
  it("refuses an empty file and one over the size limit, naming the limit", () => {
    const refusal = (size: number) => {
      const said = fileRefusal(size);
      return said && say(said);
    };
    expect(refusal(0)).toMatch(/empty/);
    expect(refusal(maxStatementFileBytes + 1)).toBe("The file is 50.1 MB: files up to 50 MB can be imported.");
    expect(refusal(62 * 1024 * 1024)).toBe("The file is 62.0 MB: files up to 50 MB can be imported.");
    expect(fileRefusal(maxStatementFileBytes)).toBeNull();
    expect(fileRefusal(1)).toBeNull();
  });
});
