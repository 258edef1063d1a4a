import { getDb } from "@/db";
import { env } from "@/lib/env";
import { sameHostUrl } from "@/lib/redirect";
import { handleSandboxRequest } from "@/lib/sandbox/router";

/** The provider sandbox (SANDBOX.md): mounted in sandbox mode only; in live mode every path is 404. */
async function handle(request: Request): Promise<Response> {
  if (env().mode !== "sandbox") return new Response("Not found", { status: 404 });
  const origin = sameHostUrl(request, "/").origin;
  return handleSandboxRequest(request, { db: await getDb(), origin, basePath: "/sandbox" });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
