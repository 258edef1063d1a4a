import type { CsvEncoding } from "./mapping";

/**
 * The encoding a file's first bytes most likely are in: a UTF-8 byte-order mark, else valid UTF-8
 * (plain ASCII included), else Korean double-byte text (EUC-KR, or CP949 when a pair lies outside
 * EUC-KR's range, as the extra syllables like "똠" do), else Latin-1 (Windows-1252), which any byte
 * sequence is.
 */
export function detectEncoding(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8-bom";
  if (isUtf8(head)) return "utf-8";
  return koreanEncoding(head) ?? "latin1";
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(withoutCutCharacter(bytes));
    return true;
  } catch {
    return false;
  }
}

/** The bytes without a multi-byte UTF-8 sequence cut short at their end (the head stops mid-file). */
function withoutCutCharacter(bytes: Uint8Array): Uint8Array {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return bytes.length - i < length ? bytes.subarray(0, i) : bytes;
  }
  return bytes;
}

/**
 * "euc-kr" or "cp949" when every byte above 0x7F pairs as CP949 and most pairs are Hangul syllables
 * of the KS X 1001 block (leads 0xB0–0xC8): Latin-1 accents followed by ASCII rarely pair at all,
 * and almost never as Hangul.
 */
function koreanEncoding(bytes: Uint8Array): "euc-kr" | "cp949" | null {
  let pairs = 0;
  let hangul = 0;
  let beyondEucKr = false;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    if (i + 1 === bytes.length) break;
    const trail = bytes[++i]!;
    if (!isCp949Pair(lead, trail)) return null;
    pairs++;
    if (lead >= 0xb0 && lead <= 0xc8 && trail >= 0xa1) hangul++;
    if (lead < 0xa1 || trail < 0xa1) beyondEucKr = true;
  }
  if (pairs === 0 || hangul * 2 < pairs) return null;
  return beyondEucKr ? "cp949" : "euc-kr";
}

function isCp949Pair(lead: number, trail: number): boolean {
  if (lead < 0x81 || lead > 0xfe || trail > 0xfe) return false;
  if (trail >= 0xa1) return true;
  // CP949's extra syllables: leads 0x81–0xC6 with trails 0x41–0x5A, 0x61–0x7A, 0x81–0xA0.
  return lead <= 0xc6 && ((trail >= 0x41 && trail <= 0x5a) || (trail >= 0x61 && trail <= 0x7a) || trail >= 0x81);
}
