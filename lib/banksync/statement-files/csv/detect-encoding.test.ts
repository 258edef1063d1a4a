import { describe, expect, it } from "vitest";
import { encodeText } from "@/test/files/csv";
import { detectEncoding } from "./detect-encoding";

const korean = "거래일시,적요,출금액,입금액\n2026.11.26 14:05:00,스타벅스 강남점,5000,0\n2026.11.27 09:00:00,급여 입금,0,3500000\n";

describe("detectEncoding", () => {
  it("recognizes a UTF-8 byte-order mark", () => {
    expect(detectEncoding(encodeText("Date,Amount\n", "utf-8-bom"))).toBe("utf-8-bom");
  });

  it("reads plain ASCII and UTF-8 text as UTF-8", () => {
    expect(detectEncoding(encodeText("Date,Amount\n2026-11-26,12.50\n", "utf-8"))).toBe("utf-8");
    expect(detectEncoding(encodeText("Café,Müller,스타벅스\n", "utf-8"))).toBe("utf-8");
  });

  it("tolerates a UTF-8 character cut at the end of the head", () => {
    const bytes = encodeText("Date,Label\n2026-11-26,스타벅스", "utf-8");
    for (const cut of [1, 2]) expect(detectEncoding(bytes.subarray(0, bytes.length - cut))).toBe("utf-8");
  });

  it("recognizes Latin-1 (Windows-1252) accents", () => {
    expect(detectEncoding(encodeText("Date;Libellé;Montant\n26/11/2026;Café de la Gare;-4,50\n", "latin1"))).toBe("latin1");
    expect(detectEncoding(encodeText("Buchungstag;Empfänger;Betrag\n26.11.2026;Bäckerei Müller;-3,20 €\n", "latin1"))).toBe("latin1");
    // "Ä" then "p" would pair as CP949; a lone pair that is no Hangul does not make the file Korean.
    expect(detectEncoding(encodeText("Äpfel;1\n", "latin1"))).toBe("latin1");
  });

  it("recognizes EUC-KR Hangul", () => {
    expect(detectEncoding(encodeText(korean, "euc-kr"))).toBe("euc-kr");
  });

  it("says CP949 when a syllable lies outside EUC-KR", () => {
    const bytes = encodeText(korean.replace("스타벅스", "똠양꿍 스타벅스"), "cp949");
    expect(detectEncoding(bytes)).toBe("cp949");
  });

  it("tolerates a Korean lead byte cut at the end of the head", () => {
    const bytes = encodeText(korean, "euc-kr");
    const cut = bytes.indexOf(encodeText("강남점", "euc-kr")) + 1;
    expect(detectEncoding(bytes.subarray(0, cut))).toBe("euc-kr");
  });
});
