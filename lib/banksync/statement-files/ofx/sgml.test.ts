import { describe, expect, it } from "vitest";
import { SgmlToXml } from "./sgml";

function convert(chunks: string[]): string {
  const normalizer = new SgmlToXml();
  return chunks.map((chunk) => normalizer.push(chunk)).join("") + normalizer.end();
}

describe("SgmlToXml", () => {
  it.each([
    ["closes leaves before the next tag", "<OFX>\n<A>1\n<B>two\n</OFX>", "<OFX>\n<A>1\n</A><B>two\n</B></OFX>"],
    ["keeps end tags already there", "<OFX><A>1</A><B>2</B></OFX>", "<OFX><A>1</A><B>2</B></OFX>"],
    ["closes a leaf left open inside an aggregate's end", "<OFX><S><A>1</S></OFX>", "<OFX><S><A>1</A></S></OFX>"],
    ["escapes a stray ampersand, keeps entities", "<OFX><N>A & B &amp; C &#233;\n</OFX>", "<OFX><N>A &amp; B &amp; C &#233;\n</N></OFX>"],
    ["escapes a lone less-than in text", "<OFX><N>1 < 2\n</OFX>", "<OFX><N>1 &lt; 2\n</N></OFX>"],
    ["turns the header into its newlines", "OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX></OFX>", "\r\n\r\n\r\n<OFX></OFX>"],
    ["closes a known leaf left empty", "<OFX><STMTTRN><MEMO>\n<NAME>Shop\n</STMTTRN></OFX>", "<OFX><STMTTRN><MEMO>\n</MEMO><NAME>Shop\n</NAME></STMTTRN></OFX>"],
    ["takes an unknown element without text for an aggregate", "<OFX><X.AGG>\n<NAME>Shop\n</X.AGG></OFX>", "<OFX><X.AGG>\n<NAME>Shop\n</NAME></X.AGG></OFX>"],
    ["passes dotted names (QFX)", "<OFX><INTU.BID>3000\n</OFX>", "<OFX><INTU.BID>3000\n</INTU.BID></OFX>"],
    ["leaves an unknown end tag for the XML parser to refuse", "<OFX><A>1\n</B></OFX>", "<OFX><A>1\n</B></A></OFX>"],
  ])("%s", (_case, sgml, xml) => {
    expect(convert([sgml])).toBe(xml);
  });

  it("gives the same XML whatever the chunk boundaries", () => {
    const sgml = "OFXHEADER:100\nCHARSET:1252\n\n<OFX>\n<STMTTRN>\n<TRNAMT>-1.50\n<NAME>Tom &amp; Jerry & co\n<MEMO>a<b\n</STMTTRN>\n</OFX>\n";
    const whole = convert([sgml]);
    expect(convert([...sgml])).toBe(whole);
    for (let cut = 1; cut < sgml.length; cut += 1) expect(convert([sgml.slice(0, cut), sgml.slice(cut)])).toBe(whole);
    expect(whole).toContain("<NAME>Tom &amp; Jerry &amp; co\n</NAME>");
  });
});
