import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { handleSandboxRequest } from "@/lib/sandbox/router";

export type ServedSandbox = { origin: string; sandboxUrl: string; close(): Promise<void> };

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(key, v);
  }
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
}

/**
 * The sandbox over HTTP on a database the caller already opened (test/sandbox-server.ts opens a fresh
 * one): the PGlite crash test reopens a killed process's data folder and serves the same world again.
 */
export async function serveSandbox(db: Db): Promise<ServedSandbox> {
  let origin = "";
  const server = createServer((req, res) => {
    toRequest(req, origin)
      .then((request) => handleSandboxRequest(request, { db, origin, basePath: "/sandbox" }))
      .then(async (response) => {
        res.statusCode = response.status;
        response.headers.forEach((value, key) => res.setHeader(key, value));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error instanceof Error ? error.stack : error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    sandboxUrl: `${origin}/sandbox`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
