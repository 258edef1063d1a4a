import { performance } from "node:perf_hooks";

export type Row = { name: string; baseline: number; measured: number; unit: string; note: string };

/** Median wall time of `runs` calls after one warm-up call, in milliseconds. */
export async function median(fn: () => Promise<unknown>, runs = 9): Promise<number> {
  return (await percentiles(fn, runs)).median;
}

/** Median and 95th percentile wall time of `runs` calls after one warm-up call, in milliseconds. */
export async function percentiles(fn: () => Promise<unknown>, runs = 40): Promise<{ median: number; p95: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  // Nearest rank: the smallest time at or above which 95% of the calls fall.
  return { median: times[Math.floor(runs / 2)]!, p95: times[Math.ceil(runs * 0.95) - 1]! };
}

export function printTable(rows: Row[]): void {
  const header = ["benchmark", "baseline", "measured", "ratio", "note"];
  const body = rows.map((r) => [
    r.name,
    `${r.baseline.toFixed(1)} ${r.unit}`,
    `${r.measured.toFixed(1)} ${r.unit}`,
    `${(r.measured / r.baseline).toFixed(2)}×`,
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${body.map(line).join("\n")}\n`);
}
