import { describe, expect, it } from "vitest";
import { csvLines, csvLinesMapping as mapping } from "@/test/files/csv";
import { maxStatementFileBytes } from "../types";
import { parseCsv } from "./parse";

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  let all = "";
  for await (const chunk of chunks) all += chunk.toString("utf8");
  return all;
}

describe("csvLines", () => {
  it("is the same file for the same seed and date, another for another seed", async () => {
    const first = await text(csvLines(500, { seed: 3, until: "2026-11-30" }));
    expect(await text(csvLines(500, { seed: 3, until: "2026-11-30", chunkBytes: 100 }))).toBe(first);
    expect(await text(csvLines(500, { seed: 4, until: "2026-11-30" }))).not.toBe(first);
    const rows = first.trimEnd().split("\n").slice(1);
    expect(rows).toHaveLength(500);
    for (const row of rows) {
      const cells = row.split(",");
      expect(cells[0]! >= "2024-11-30" && cells[0]! <= "2026-11-30").toBe(true);
      expect(cells[5]).toMatch(/^-?\d+\.\d{2}$/);
    }
  });
});

describe("parseCsv on a 50 MB file", () => {
  it("reads 500,000 rows as they stream, with flat memory", async () => {
    const count = 500_000;
    let bytes = 0;
    async function* source() {
      for await (const chunk of csvLines(count, { seed: 7, until: "2026-11-30" })) {
        bytes += chunk.length;
        yield chunk;
      }
    }
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let lines = 0;
    let last = 0;
    for await (const item of parseCsv(source(), mapping, "EUR")) {
      if (item.type !== "line") continue;
      lines++;
      last = item.where.line;
      if (lines % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(lines).toBe(count);
    expect(last).toBe(count + 1);
    expect(bytes).toBeGreaterThan(45 * 1024 * 1024);
    expect(bytes).toBeLessThanOrEqual(maxStatementFileBytes);
    // A sanity check, not a measurement: the whole file held as rows would take several times 150 MB.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  });
});
