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

export type MemoryPeaks = { rssBeforeMb: number; peakRssMb: number; peakHeapMb: number };

const mb = (bytes: number) => bytes / 1024 / 1024;

/**
 * Samples the process's memory every `intervalMs` from a collected heap (the bench children run
 * with --expose-gc) until `stop()`, which answers the RSS before and the peaks.
 */
export function sampleMemory(intervalMs = 20): { stop(): MemoryPeaks } {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  let peakHeap = 0;
  const sample = () => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssBeforeMb: mb(rssBefore), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap) };
    },
  };
}
