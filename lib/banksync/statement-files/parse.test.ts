import { describe, expect, it } from "vitest";
import { message } from "@/i18n/message";
import { say } from "@/test/i18n";
import { limitBytes } from "./parse";
import { StatementFileError } from "./types";

async function* chunks(...sizes: number[]) {
  for (const size of sizes) yield new Uint8Array(size);
}

async function read(source: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of source) total += chunk.byteLength;
  return total;
}

describe("limitBytes", () => {
  it("passes a file up to the limit through, chunk by chunk", async () => {
    expect(await read(limitBytes(chunks(600, 400), 1_000))).toBe(1_000);
  });

  it("refuses a file past the limit, before reading further", async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(1024 * 1024);
      }
    }
    const refused = await read(limitBytes(endless(), 50 * 1024 * 1024)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StatementFileError);
    expect(say((refused as StatementFileError).userMessage)).toBe("The file is larger than 50 MB, the most a statement file may be.");
    expect(say((refused as StatementFileError).userMessage, "ko")).toBe("파일이 50MB보다 큽니다. 명세서 파일은 최대 50MB까지 가능합니다.");
    expect(pulled).toBe(51);
  });

  it("refuses an empty file", async () => {
    await expect(read(limitBytes(chunks(), 1_000))).rejects.toThrow(new StatementFileError(message("StatementFiles.file.empty")));
  });
});
