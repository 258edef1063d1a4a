import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator, translate } from "@/i18n/translate";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/banksync/errors";
import { newErrorReference } from "@/lib/banksync/reference";
import type { StatementUploadResult } from "@/lib/banksync/statement-files/contract";
import { csvMappingSchema } from "@/lib/banksync/statement-files/csv/mapping";
import { stageStatementFile } from "@/lib/banksync/statement-files/stage";
import { maxStatementFileBytes, StatementFileError, statementFormats } from "@/lib/banksync/statement-files/types";
import { appClock } from "@/lib/clock";
import { userMessage } from "@/lib/form-errors";
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
  const t = await serverTranslator();
  if (!(await isSetUp())) return answer({ ok: false, error: t("StatementImport.errors.signIn") }, 401);
  const user = await currentUser();
  if (!user || user.memberships.length === 0) return answer({ ok: false, error: t("StatementImport.errors.signIn") }, 401);
  if (!sameSite(request)) return answer({ ok: false, error: t("StatementImport.errors.otherSite") }, 403);
  const { actor } = await requireViewer();
  const journalId = z.uuid().safeParse((await params).id);
  if (!journalId.success) return answer({ ok: false, error: t("StatementImport.errors.journalNotFound") }, 404);
  const input = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!input.success) return answer({ ok: false, error: t("StatementImport.errors.chooseFile") }, 400);
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > maxStatementFileBytes) {
    return answer({ ok: false, error: t("StatementFiles.file.tooLarge", { megabytes: maxStatementFileBytes / 1024 / 1024 }) }, 413);
  }
  if (!request.body) return answer({ ok: false, error: t("StatementFiles.file.empty") }, 400);

  let csvMapping = null;
  if (input.data.format === "csv") {
    const mapping = csvMappingSchema.safeParse(parseJson(input.data.mapping));
    if (!mapping.success) return answer({ ok: false, error: t("StatementImport.errors.mapFirst") }, 400);
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
    if (error instanceof StatementFileError) return answer({ ok: false, error: await translate(error.userMessage) }, 422);
    const said = await userMessage(error);
    if (said !== null) {
      const status = error instanceof ForbiddenError ? 403 : error instanceof NotFoundError ? 404 : error instanceof ValidationError ? 422 : 409;
      return answer({ ok: false, error: said }, status);
    }
    const reference = newErrorReference();
    logger.error("statement upload failed", { reference, journalId: journalId.data, error: error instanceof Error ? error.message : String(error) });
    return answer({ ok: false, error: t("StatementImport.errors.unreadable", { reference }) }, 500);
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
