import type { NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { setDeveloperMode } from "@/lib/banksync/users";
import { localPath, redirectTo } from "@/lib/redirect";
import { currentUser } from "@/lib/session";

const query = z.object({ enabled: z.enum(["0", "1"]), next: z.string().optional() });

/** `?debug=1` / `?debug=0` on any page lands here (see proxy.ts): store the choice, go back. */
export async function GET(request: NextRequest) {
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) return Response.json({ error: (await serverTranslator())("Nav.developerModeQuery") }, { status: 400 });
  const next = localPath(parsed.data.next);
  const user = await currentUser();
  if (!user) {
    const back = `${next}${next.includes("?") ? "&" : "?"}debug=${parsed.data.enabled}`;
    return redirectTo(`/login?next=${encodeURIComponent(back)}`);
  }
  await setDeveloperMode(await getDb(), user.id, parsed.data.enabled === "1");
  return redirectTo(next);
}
