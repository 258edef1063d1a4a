import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type SandboxGate = {
  /** Point a worker's SANDBOX_URL here. */
  sandboxUrl: string;
  /** Matching requests forwarded so far. */
  passed(): number;
  /** Resolves when the first matching request beyond the allowance arrives (and is held). */
  holding: Promise<void>;
  close(): Promise<void>;
};

/** Enable Banking's transactions calls: the sandbox answers them 100 rows a page. */
export const enablebankingTransactionsCall = (path: string) => /\/enablebanking\/accounts\/[^/]+\/transactions/.test(path);

/** Hop-by-hop and length headers: the forwarded request and answer get their own. */
const dropped = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

/** Passes a request (its body already read) on to `origin` and its answer back, as a proxy would. */
export async function relay(origin: string, req: IncomingMessage, chunks: Buffer[], res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (dropped.has(key) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v);
  }
  const answer = await fetch(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    redirect: "manual",
  });
  res.statusCode = answer.status;
  answer.headers.forEach((value, key) => {
    if (!dropped.has(key)) res.setHeader(key, value);
  });
  res.end(Buffer.from(await answer.arrayBuffer()));
}

/**
 * A proxy in front of the sandbox that forwards `allowance` requests matching `matches`, then holds
 * every further one unanswered: a worker that asks for its next page is stopped exactly there, with
 * the pages before it committed, so a test can kill it in the middle of an import without a race.
 * Other requests go through untouched.
 */
export async function startSandboxGate(origin: string, matches: (path: string) => boolean, allowance: number): Promise<SandboxGate> {
  let passed = 0;
  let hold!: () => void;
  const holding = new Promise<void>((resolve) => (hold = resolve));

  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "/";
    if (matches(path)) {
      if (passed >= allowance) {
        hold();
        return;
      }
      passed++;
    }
    await relay(origin, req, chunks, res);
  };

  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.statusCode = 502;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    sandboxUrl: `http://127.0.0.1:${port}/sandbox`,
    passed: () => passed,
    holding,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
