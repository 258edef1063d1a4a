import { createHash } from "node:crypto";
import type { FileLine } from "./types";

/**
 * The online transaction id a file's line gets in the journal, before its occurrence number: the
 * bank's own id when the file gives one (`file:<id>`), else a hash of what the line says
 * (`file:#<hash>`). The staging then appends `#2`, `#3`… to the second and later lines with the same
 * base in one file, so two equal payments on a day are both kept and the same file read again gives
 * the same ids: re-importing it adds nothing.
 */
export function fileLineBaseId(line: FileLine): string {
  if (line.bankId !== null && line.bankId.trim() !== "") return `file:${line.bankId.trim()}`;
  const fingerprint = JSON.stringify([line.date, line.amountMinor.toString(), line.currency, line.label, line.partnerName, line.counterpartAccount]);
  return `file:#${createHash("sha256").update(fingerprint).digest("base64url").slice(0, 22)}`;
}
