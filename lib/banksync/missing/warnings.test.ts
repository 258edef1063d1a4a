import { describe, expect, it } from "vitest";
import { BEFORE_CONNECTION_WARNING, missingFetchWarnings } from "./warnings";

const base = { since: "2026-03-01", connectionCreatedOn: "2026-02-01", historyStart: "2025-06-01", manualLines: 0, lockDate: null };

describe("missingFetchWarnings", () => {
  it.each([
    ["nothing to say", base, []],
    ["on the connection's day", { ...base, since: "2026-02-01" }, []],
    ["before the connection", { ...base, since: "2026-01-31" }, [BEFORE_CONNECTION_WARNING]],
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
        BEFORE_CONNECTION_WARNING,
        "The bank gives transactions from 2025-06-01 only: nothing older can be listed.",
        "This period holds 2 lines entered by hand: importing may duplicate them.",
        "The period up to 2025-01-15 is locked: transactions dated on or before it cannot be imported.",
      ],
    ],
  ])("%s", (_name, facts, expected) => {
    expect(missingFetchWarnings(facts)).toEqual(expected);
  });
});
