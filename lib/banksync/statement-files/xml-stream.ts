import iconv from "iconv-lite";
import { SaxesParser } from "saxes";
import { message, type Message } from "@/i18n/message";
import { StatementFileError, type ByteSource } from "./types";

/*
 * Reading an XML byte stream (CAMT.053, OFX 2.x, and OFX 1.x once normalized) as element events,
 * a chunk at a time: the file is never held whole, only the element being read.
 */

/** The first `size` bytes of a source (fewer when it is shorter), and the whole source again, head included. */
export async function peekHead(source: ByteSource, size: number): Promise<{ head: Uint8Array; bytes: ByteSource }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let finished = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      finished = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  const head = Buffer.concat(chunks);
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (head.byteLength > 0) yield head;
    if (finished) return;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head, bytes: bytes() };
}

/** The head's bytes as text, one character per byte: enough to read ASCII markers and declarations. */
export function asciiView(head: Uint8Array): string {
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("latin1");
}

/** The encoding an XML file is in: its byte-order mark, else its declaration's `encoding`, else UTF-8. */
export function xmlEncoding(head: Uint8Array): string {
  const bom = byteOrderMark(head);
  if (bom) return bom;
  const declared = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']+)["']/.exec(asciiView(head));
  return declared ? declared[1]!.toLowerCase() : "utf-8";
}

/** "utf-8" or "utf-16le/be" when the bytes start with that byte-order mark. */
export function byteOrderMark(head: Uint8Array): string | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return null;
}

const utf8Names = new Set(["utf-8", "utf8", "us-ascii", "ascii"]);

type Decoder = { name: string; write(bytes: Uint8Array): string; end(): string };

function decoderFor(encoding: string): Decoder {
  const unicode = utf8Names.has(encoding) ? "utf-8" : encoding === "utf-16le" || encoding === "utf-16be" ? encoding : null;
  if (unicode) {
    const decoder = new TextDecoder(unicode, { fatal: true });
    return { name: unicode, write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
  }
  if (!iconv.encodingExists(encoding)) throw new StatementFileError(message("StatementFiles.file.unknownEncoding", { encoding }));
  const decoder = iconv.getDecoder(encoding);
  return { name: encoding, write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), end: () => decoder.end() ?? "" };
}

/**
 * The bytes as text chunks in `encoding` (a byte-order mark dropped). Bytes that are not valid in
 * a Unicode encoding are refused, naming the line, rather than read as replacement characters.
 */
export async function* decodeText(source: ByteSource, encoding: string): AsyncGenerator<string> {
  const decoder = decoderFor(encoding);
  let line = 1;
  for await (const chunk of source) {
    let text: string;
    try {
      text = decoder.write(chunk);
    } catch {
      const at = line + newlinesBeforeInvalid(chunk, decoder.name);
      throw new StatementFileError(message("StatementFiles.file.invalidText", { line: at, encoding: decoder.name.toUpperCase() }));
    }
    line += countNewlines(text);
    if (text !== "") yield text;
  }
  let rest: string;
  try {
    rest = decoder.end();
  } catch {
    throw new StatementFileError(message("StatementFiles.file.cutCharacter", { line, encoding: decoder.name.toUpperCase() }));
  }
  if (rest !== "") yield rest;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count += 1;
  return count;
}

/** Newlines in a chunk before its first undecodable byte: an estimate of where the bad byte is. */
function newlinesBeforeInvalid(chunk: Uint8Array, encoding: string): number {
  const lenient = new TextDecoder(encoding).decode(chunk);
  const bad = lenient.indexOf("\ufffd");
  return countNewlines(bad === -1 ? lenient : lenient.slice(0, bad));
}

/** What a format's reader does with the elements, by local name (prefixes dropped). */
export type XmlVisitor<T> = {
  open(name: string, attributes: Readonly<Record<string, string>>, line: number): void;
  /** `text` is the element's trimmed text when it has no child element, else null. */
  close(name: string, text: string | null): void;
  /** Items ready to hand out; the reader empties it after each chunk. */
  readonly ready: T[];
};

/**
 * Feeds text chunks to saxes and yields what the visitor queues after each chunk. A syntax error
 * becomes a StatementFileError worded by `malformed` with the line saxes stopped at (and saxes's
 * own English reason, which no catalog holds).
 */
export async function* readXml<T>(text: AsyncIterable<string>, visitor: XmlVisitor<T>, malformed: (line: number, reason: string) => Message): AsyncGenerator<T> {
  const parser = new SaxesParser();
  let buffer = "";
  let leaf = false;
  parser.on("error", (error) => {
    throw new StatementFileError(malformed(parser.line, error.message.replace(/^\d+:\d+: /, "")));
  });
  parser.on("opentag", (tag) => {
    buffer = "";
    leaf = true;
    visitor.open(localName(tag.name), tag.attributes, parser.line);
  });
  parser.on("text", (chunk) => {
    if (leaf) buffer += chunk;
  });
  parser.on("cdata", (chunk) => {
    if (leaf) buffer += chunk;
  });
  parser.on("closetag", (tag) => {
    const value = leaf ? buffer.trim() : null;
    buffer = "";
    leaf = false;
    visitor.close(localName(tag.name), value);
  });
  for await (const chunk of text) {
    parser.write(chunk);
    yield* visitor.ready.splice(0);
  }
  parser.close();
  yield* visitor.ready.splice(0);
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}
