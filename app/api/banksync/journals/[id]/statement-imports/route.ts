import { z } from "zod";
import { getDb } from "@/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/banksync/errors";
import { newErrorReference } from "@/lib/banksync/reference";
import type { StatementUploadResult } from "@/lib/banksync/statement-files/contract";
import { csvMappingSchema } from "@/lib/banksync/statement-files/csv/mapping";
import { stageStatementFile } from "@/lib/banksync/statement-files/stage";
import { maxStatementFileBytes, StatementFileError, statementFormats } from "@/lib/banksync/statement-files/types";
import { appClock } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { currentUser, isSetUp, requireViewer } from "@/lib/session";

const query = z.object({
  fileName: z.string().trim().min(1).max(255),
  format: z.enum(statementFormats),
  mapping: z.string().max(4_000).optional(),
});

function answer(result: StatementUploadResult, status = 200): Response {
  return Response.json(result, { status, headers: { "Cache-Control": "private, no-store" } });
}

/**
 * Upload of a statement file for its preview: the body is the file's raw bytes (read as a stream,
 * at most 50 MB), the query names the file, its format and, for a CSV, the column mapping as JSON.
 * The file is staged, never written into the journal here; the answer is the preview.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  if (!(await isSetUp())) return answer({ ok: false, error: "Sign in first." }, 401);
  const user = await currentUser();
  if (!user || user.memberships.length === 0) return answer({ ok: false, error: "Sign in first." }, 401);
  if (!sameSite(request)) return answer({ ok: false, error: "This upload did not come from Banksync." }, 403);
  const { actor } = await requireViewer();
  const journalId = z.uuid().safeParse((await params).id);
  if (!journalId.success) return answer({ ok: false, error: "Journal not found" }, 404);
  const input = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!input.success) return answer({ ok: false, error: "Choose a CSV, OFX or CAMT.053 file." }, 400);
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > maxStatementFileBytes) return answer({ ok: false, error: "The file is larger than 50 MB, the most a statement file may be." }, 413);
  if (!request.body) return answer({ ok: false, error: "The file is empty." }, 400);

  let csvMapping = null;
  if (input.data.format === "csv") {
    const mapping = csvMappingSchema.safeParse(parseJson(input.data.mapping));
    if (!mapping.success) return answer({ ok: false, error: "Map the CSV's columns before the preview." }, 400);
    csvMapping = mapping.data;
  }
  try {
    const preview = await stageStatementFile(await getDb(), appClock, actor, journalId.data, {
      fileName: input.data.fileName,
      format: input.data.format,
      csvMapping,
      body: request.body as unknown as AsyncIterable<Uint8Array>,
    });
    return answer({ ok: true, preview });
  } catch (error) {
    if (error instanceof StatementFileError || error instanceof ValidationError) return answer({ ok: false, error: error.message }, 422);
    if (error instanceof ForbiddenError) return answer({ ok: false, error: error.message }, 403);
    if (error instanceof NotFoundError) return answer({ ok: false, error: error.message }, 404);
    const reference = newErrorReference();
    logger.error("statement upload failed", { reference, journalId: journalId.data, error: error instanceof Error ? error.message : String(error) });
    return answer({ ok: false, error: `The file could not be read (reference ${reference}).` }, 500);
  }
}

/** Another site's page may not post files into a signed-in user's journal (the session cookie is Lax, this is one more lock). */
function sameSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
