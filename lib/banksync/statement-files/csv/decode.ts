import iconv from "iconv-lite";
import { message } from "@/i18n/message";
import { StatementFileError, type ByteSource } from "../types";
import type { CsvEncoding } from "./mapping";

/**
 * iconv-lite's codec for each encoding. "Latin-1" reads as Windows-1252: the exports called Latin-1
 * come from Windows, and Windows-1252 is ISO-8859-1 plus printable characters (€, „, ’) where
 * ISO-8859-1 has unused control codes. EUC-KR reads through CP949, its superset, so a file
 * labelled EUC-KR that holds a CP949-only syllable still reads.
 */
const codecs: Record<CsvEncoding, string> = {
  "utf-8": "utf8",
  "utf-8-bom": "utf8",
  latin1: "windows-1252",
  "euc-kr": "cp949",
  cp949: "cp949",
};

/**
 * The text of a byte stream, decoded as it arrives; a character split across chunks is joined, and
 * a leading byte-order mark is dropped. (iconv-lite's stream decoder, the one `decodeStream` wraps,
 * used directly so no Node stream sits between two async iterables.)
 */
export async function* decodeText(source: ByteSource, encoding: CsvEncoding): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(codecs[encoding], { stripBOM: true });
  for await (const chunk of source) {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text !== "") yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * The text of a file's first bytes. Unless they are the whole file, the last line (possibly cut in
 * the middle of a character) is dropped.
 */
export function decodeHead(head: Uint8Array, encoding: CsvEncoding, complete: boolean): string {
  const text = iconv.decode(head, codecs[encoding]);
  refuseBinary(text);
  if (complete) return text;
  return text.slice(0, Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r")) + 1);
}

/** Refuses text holding a NUL character: the file is binary (a spreadsheet, a PDF) or UTF-16, not a CSV. */
export function refuseBinary(text: string): void {
  if (text.includes("\0")) {
    throw new StatementFileError(message("StatementFiles.file.notText"));
  }
}
