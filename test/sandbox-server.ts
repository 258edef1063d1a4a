import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/db/client";
import { handleSandboxRequest } from "@/lib/sandbox/router";
import { freshDatabase, type Driver } from "./databases";

export type SandboxServer = {
  /** e.g. "http://127.0.0.1:43210" */
  origin: string;
  /** e.g. "http://127.0.0.1:43210/sandbox" */
  sandboxUrl: string;
  database: Database;
  /** POST to the control API. */
  control: (call: string, body?: unknown) => Promise<unknown>;
  close: () => Promise<void>;
};

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The sandbox served over real HTTP on a loopback port, on its own fresh database or on `database`
 * (migrated; the benchmarks prepare a folder or a database the real server opens afterwards).
 */
export async function startSandboxServer(driver: Driver = "pglite", given?: Database): Promise<SandboxServer> {
  const database = given ?? (await freshDatabase(driver));
  let origin = "";
  const server = createServer((req, res) => {
    toRequest(req, origin)
      .then((request) => handleSandboxRequest(request, { db: database.db, origin, basePath: "/sandbox" }))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error instanceof Error ? error.stack : error));
      });
  });
  // Long test steps leave the client's keep-alive connection idle; keep it open rather than reset it.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandboxUrl = `${origin}/sandbox`;
  return {
    origin,
    sandboxUrl,
    database,
    async control(call, body = {}) {
      const response = await fetch(`${sandboxUrl}/control/${call}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const answer: unknown = await response.json();
      if (!response.ok) throw new Error(`control ${call} answered ${response.status}: ${JSON.stringify(answer)}`);
      return answer;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
