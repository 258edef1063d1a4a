import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { localizedValues } from "./say";
import { BEFORE_CONNECTION_WARNING, missingFetchWarnings } from "./warnings";

const base = { since: "2026-03-01", connectionCreatedOn: "2026-02-01", historyStart: "2025-06-01", manualLines: 0, lockDate: null };
const before = say(BEFORE_CONNECTION_WARNING);

describe("missingFetchWarnings", () => {
  it.each([
    ["nothing to say", base, []],
    ["on the connection's day", { ...base, since: "2026-02-01" }, []],
    ["before the connection", { ...base, since: "2026-01-31" }, [before]],
    ["before the bank's history", { ...base, since: "2025-05-31", connectionCreatedOn: "2025-05-01" }, ["The bank gives transactions from 2025-06-01 only: nothing older can be listed."]],
    ["one manual line", { ...base, manualLines: 1 }, ["This period holds 1 line entered by hand: importing may duplicate it."]],
    ["three manual lines", { ...base, manualLines: 3 }, ["This period holds 3 lines entered by hand: importing may duplicate them."]],
    ["lock date before the start", { ...base, lockDate: "2026-02-28" }, []],
    [
      "lock date on the start",
      { ...base, lockDate: "2026-03-01" },
      ["The period up to 2026-03-01 is locked: transactions dated on or before it cannot be imported."],
    ],
    [
      "all of them, in that order",
      { since: "2025-01-01", connectionCreatedOn: "2026-02-01", historyStart: "2025-06-01", manualLines: 2, lockDate: "2025-01-15" },
      [
        before,
        "The bank gives transactions from 2025-06-01 only: nothing older can be listed.",
        "This period holds 2 lines entered by hand: importing may duplicate them.",
        "The period up to 2025-01-15 is locked: transactions dated on or before it cannot be imported.",
      ],
    ],
  ])("%s", (_name, facts, expected) => {
    expect(missingFetchWarnings(facts).map((warning) => say(warning))).toEqual(expected);
  });

  it("are Messages whose dates the reader sees in their own locale", () => {
    const [history, manual, locked] = missingFetchWarnings({ ...base, since: "2025-05-31", connectionCreatedOn: "2025-05-01", manualLines: 2, lockDate: "2025-12-31" });
    expect(history).toEqual({ key: "FindMissing.warnings.historyStart", values: { date: "2025-06-01" } });
    expect(say({ ...history!, values: localizedValues(history!.values, "en") })).toBe("The bank gives transactions from Jun 1, 2025 only: nothing older can be listed.");
    expect(say({ ...history!, values: localizedValues(history!.values, "ko") }, "ko")).toBe("은행은 2025. 6. 1.부터의 거래만 제공합니다. 그 이전 거래는 조회할 수 없습니다.");
    expect(say(manual!, "ko")).toBe("이 기간에 수기로 입력한 내역이 2건 있습니다. 가져오면 중복될 수 있습니다.");
    expect(say({ ...locked!, values: localizedValues(locked!.values, "ko") }, "ko")).toBe("2025. 12. 31.까지의 기간은 잠겨 있습니다. 그 날짜 이전의 거래는 가져올 수 없습니다.");
  });
});
