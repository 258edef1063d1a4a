import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { relay } from "./worker-gate";

export type Hold = {
  /** Resolves with the path of the first matching request beyond the allowance, which is held. */
  held: Promise<string>;
  /** Forwards the held requests, and every later one: the hold is over. */
  release(): void;
};

export type HoldGate = {
  /** Point the adapters' sandbox URL here. */
  sandboxUrl: string;
  /** From now on, lets `allowance` requests matching `matches` through, then holds the next ones until released. */
  hold(matches: (method: string, path: string) => boolean, allowance?: number): Hold;
  close(): Promise<void>;
};

/** Enable Banking's transactions calls: the sandbox answers them 100 rows a page. */
export const enablebankingPage = (method: string, path: string) => method === "GET" && /\/enablebanking\/accounts\/[^/]+\/transactions/.test(path);

/** Enable Banking's revocation of a consent (`DELETE /sessions/{id}`). */
export const enablebankingRevoke = (method: string, path: string) => method === "DELETE" && /\/enablebanking\/sessions\//.test(path);

type Rule = { matches: (method: string, path: string) => boolean; allowance: number; passed: number; released: boolean; parked: (() => void)[]; onHeld: (path: string) => void };

/**
 * A proxy in front of the sandbox that stops chosen requests until the test lets them go: a worker is
 * held at an exact page (the pages before it committed) or a deletion at its revocation, while the
 * test does something else, then both go on. Unlike test/worker-gate.ts, a hold ends.
 */
export async function startHoldGate(origin: string): Promise<HoldGate> {
  const rules: Rule[] = [];

  const wait = (method: string, path: string) =>
    Promise.all(
      rules.map((rule) => {
        if (rule.released || !rule.matches(method, path)) return undefined;
        if (rule.passed < rule.allowance) {
          rule.passed++;
          return undefined;
        }
        rule.onHeld(path);
        return new Promise<void>((resolve) => rule.parked.push(resolve));
      }),
    );

  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "/";
    await wait(req.method ?? "GET", path);
    await relay(origin, req, chunks, res);
  };

  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.statusCode = 502;
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    sandboxUrl: `http://127.0.0.1:${port}/sandbox`,
    hold(matches, allowance = 0) {
      let onHeld!: (path: string) => void;
      const held = new Promise<string>((resolve) => (onHeld = resolve));
      const rule: Rule = { matches, allowance, passed: 0, released: false, parked: [], onHeld };
      rules.push(rule);
      return {
        held,
        release() {
          rule.released = true;
          for (const resume of rule.parked.splice(0)) resume();
        },
      };
    },
    async close() {
      for (const rule of rules) rule.released = true;
      for (const rule of rules) for (const resume of rule.parked.splice(0)) resume();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
