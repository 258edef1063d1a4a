import { expect } from "vitest";
import { StatementFileError, type ByteSource, type StatementItem } from "@/lib/banksync/statement-files/types";
import { say } from "@/test/i18n";

/** Bytes as a parser's source (or a request body), in chunks of `size` bytes (1 to split every multi-byte character). */
export async function* byteChunks(bytes: Uint8Array, size = 64 * 1024): ByteSource {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

type Parser = (source: ByteSource) => AsyncIterable<StatementItem>;

/** Every item a parser reads from a file (text is UTF-8), fed in chunks of `size` bytes. */
export async function parseAll(parse: Parser, file: string | Uint8Array, size?: number): Promise<StatementItem[]> {
  const items: StatementItem[] = [];
  for await (const item of parse(byteChunks(typeof file === "string" ? Buffer.from(file) : file, size))) items.push(item);
  return items;
}

/** The message a parser refuses a file with, as a reader of `language` sees it; fails the test when it reads the file or fails otherwise. */
export async function parseFailure(parse: Parser, file: string, language: "en" | "ko" = "en"): Promise<string> {
  const error = await parseAll(parse, file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StatementFileError);
  return say((error as StatementFileError).userMessage, language);
}

/** A small seeded generator (Mulberry32): the same seed gives the same file. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
