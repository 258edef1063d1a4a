/**
 * Leaf elements of the statement aggregates: one of these left empty (`<MEMO>` then a newline) is
 * still closed at the next tag; an unknown element without text is taken for an aggregate.
 */
const knownLeaves = new Set(
  [
    "TRNUID CODE SEVERITY MESSAGE DTSERVER LANGUAGE DTPROFUP ORG FID CURDEF BANKID BRANCHID ACCTID ACCTTYPE ACCTKEY",
    "DTSTART DTEND TRNTYPE DTPOSTED DTUSER DTAVAIL TRNAMT FITID CORRECTFITID CORRECTACTION SRVRTID CHECKNUM REFNUM",
    "SIC PAYEEID NAME EXTDNAME MEMO CURRATE CURSYM INV401KSOURCE BALAMT DTASOF ADDR1 ADDR2 ADDR3 CITY STATE POSTALCODE COUNTRY PHONE",
  ]
    .join(" ")
    .split(" "),
);

/**
 * Turns OFX 1.x SGML into XML a chunk at a time, so saxes can read it: a leaf element's missing
 * end tag (`<TRNAMT>-12.50` then a newline) is written before the next tag, a stray `&` or `<` in
 * text is escaped, and the `OFXHEADER:100 …` block before `<OFX>` becomes its newlines only, so
 * saxes's line numbers stay the file's.
 */
export class SgmlToXml {
  private carry = "";
  private inHeader = true;
  /** Open elements; `text` once one holds data, which makes it a leaf to close at the next tag. */
  private readonly open: Array<{ name: string; text: boolean }> = [];

  /** The XML for the next chunk of SGML text; an unfinished tag or entity waits for the next chunk. */
  push(chunk: string): string {
    return this.convert(this.carry + chunk, false);
  }

  /** The XML for whatever was held back at the end of the file. */
  end(): string {
    return this.convert(this.carry, true);
  }

  private convert(input: string, final: boolean): string {
    let out = "";
    let at = 0;
    this.carry = "";
    if (this.inHeader) {
      const start = input.indexOf("<");
      out += input.slice(0, start === -1 ? input.length : start).replace(/[^\r\n]/g, "");
      if (start === -1) return out;
      this.inHeader = false;
      at = start;
    }
    while (at < input.length) {
      const lt = input.indexOf("<", at);
      const textEnd = lt === -1 ? input.length : lt;
      if (textEnd > at) {
        let text = input.slice(at, textEnd);
        if (lt === -1 && !final) {
          const partial = /&[#\w]{0,10}$/.exec(text);
          if (partial) {
            this.carry = partial[0];
            text = text.slice(0, partial.index);
          }
        }
        out += this.text(text);
      }
      if (lt === -1) break;
      if (lt + 1 >= input.length && !final) {
        this.carry = "<";
        break;
      }
      if (!/[A-Za-z/?!]/.test(input.charAt(lt + 1))) {
        out += this.text("<");
        at = lt + 1;
        continue;
      }
      const gt = input.indexOf(">", lt);
      if (gt === -1) {
        if (final) out += input.slice(lt);
        else this.carry = input.slice(lt);
        break;
      }
      out += this.tag(input.slice(lt + 1, gt).trim());
      at = gt + 1;
    }
    return out;
  }

  private text(text: string): string {
    const top = this.open.at(-1);
    if (top && !top.text && text.trim() !== "") top.text = true;
    return text.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, "&amp;").replace(/</g, "&lt;");
  }

  private tag(inner: string): string {
    if (inner.startsWith("?") || inner.startsWith("!")) return `<${inner}>`;
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim();
      if (!this.open.some((element) => element.name === name)) return `</${name}>`;
      let out = "";
      for (let element = this.open.pop(); element && element.name !== name; element = this.open.pop()) out += `</${element.name}>`;
      return `${out}</${name}>`;
    }
    const top = this.open.at(-1);
    const closing = top && (top.text || knownLeaves.has(top.name)) ? `</${this.open.pop()!.name}>` : "";
    const selfClosing = inner.endsWith("/");
    const name = selfClosing ? inner.slice(0, -1).trim() : inner;
    if (!selfClosing) this.open.push({ name, text: false });
    return `${closing}<${name}${selfClosing ? "/" : ""}>`;
  }
}
