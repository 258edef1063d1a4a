import { describe, expect, it } from "vitest";
import { guessMapping } from "./guess";
import type { CsvMapping } from "./mapping";

const comma = { encoding: "utf-8", delimiter: ",", skipRows: 0 } as const;

describe("guessMapping", () => {
  it("maps a German Sparkasse export (';', DD.MM.YY, 1.234,56)", () => {
    const rows = [
      ["Auftragskonto", "Buchungstag", "Valutadatum", "Buchungstext", "Verwendungszweck", "Glaeubiger ID", "Mandatsreferenz", "Kundenreferenz (End-to-End)", "Beguenstigter/Zahlungspflichtiger", "Kontonummer/IBAN", "BIC (SWIFT-Code)", "Betrag", "Waehrung", "Info"],
      ["DE12500105170648489890", "28.11.26", "28.11.26", "FOLGELASTSCHRIFT", "Strom November", "DE98ZZZ09999999999", "M-123", "NOTPROVIDED", "Stadtwerke München", "DE02120300000000202051", "BYLADEM1001", "-1.234,56", "EUR", "Umsatz gebucht"],
      ["DE12500105170648489890", "27.11.26", "27.11.26", "GUTSCHRIFT", "Gehalt November", "", "", "", "ACME GmbH", "DE02120300000000202052", "BYLADEM1001", "3.500,00", "EUR", "Umsatz gebucht"],
      ["DE12500105170648489890", "26.11.26", "26.11.26", "KARTENZAHLUNG", "Bäckerei", "", "", "", "Bäckerei Müller", "", "", "-3,20", "EUR", "Umsatz gebucht"],
    ];
    expect(guessMapping(rows, { encoding: "latin1", delimiter: ";", skipRows: 0 }, "EUR")).toEqual<CsvMapping>({
      encoding: "latin1",
      delimiter: ";",
      skipRows: 0,
      hasHeader: true,
      dateColumn: 1,
      dateFormat: "DD.MM.YY",
      amount: { kind: "signed", column: 11 },
      decimalSeparator: ",",
      thousandsSeparator: ".",
      labelColumn: 4,
      partnerColumn: 8,
      // "Glaeubiger ID" and "Kundenreferenz" are not per-transaction references.
      referenceColumn: null,
      accountColumn: 9,
      currencyColumn: 12,
    });
  });

  it("maps a Korean bank export (출금/입금 columns, dates with a time, KRW)", () => {
    const rows = [
      ["거래일시", "적요", "기재내용", "출금액(원)", "입금액(원)", "잔액(원)", "거래점"],
      ["2026.11.26 14:05:00", "체크카드", "스타벅스 강남점", "5,000", "0", "1,245,000", "강남"],
      ["2026.11.25 09:00:00", "급여", "주식회사 에이씨엠이", "0", "3,500,000", "1,250,000", "본점"],
      ["2026.11.24 18:30:12", "자동이체", "한국전력공사", "48,200", "0", "-2,250,000", "본점"],
    ];
    expect(guessMapping(rows, { encoding: "euc-kr", delimiter: ",", skipRows: 0 }, "KRW")).toEqual<CsvMapping>({
      encoding: "euc-kr",
      delimiter: ",",
      skipRows: 0,
      hasHeader: true,
      dateColumn: 0,
      dateFormat: "YYYY.MM.DD",
      amount: { kind: "debitCredit", debitColumn: 3, creditColumn: 4 },
      decimalSeparator: ".",
      thousandsSeparator: ",",
      labelColumn: 1,
      partnerColumn: null,
      referenceColumn: null,
      accountColumn: null,
      currencyColumn: null,
    });
  });

  it("maps Korean partner columns (받는분/보낸분)", () => {
    const rows = [
      ["거래일자", "내용", "보낸분/받는분", "출금", "입금", "거래후잔액"],
      ["2026-11-26", "이체", "홍길동", "10000", "", "90000"],
    ];
    const mapping = guessMapping(rows, comma, "KRW");
    expect(mapping).toMatchObject({ labelColumn: 1, partnerColumn: 2, amount: { kind: "debitCredit", debitColumn: 3, creditColumn: 4 } });
  });

  it("maps a US export (MM/DD/YYYY, balance column left alone)", () => {
    const rows = [
      ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #"],
      ["DEBIT", "11/26/2026", "STARBUCKS STORE 1234 SEATTLE WA", "-4.50", "DEBIT_CARD", "1,234.56", ""],
      ["CREDIT", "11/15/2026", "ACME PAYROLL PPD ID: 1234567890", "3,500.00", "ACH_CREDIT", "1,239.06", ""],
      ["DEBIT", "11/02/2026", "CHECK 1001", "-900.00", "CHECK_PAID", "-2,260.94", "1001"],
    ];
    expect(guessMapping(rows, comma, "USD")).toMatchObject({
      hasHeader: true,
      dateColumn: 1,
      dateFormat: "MM/DD/YYYY",
      amount: { kind: "signed", column: 3 },
      decimalSeparator: ".",
      thousandsSeparator: ",",
      labelColumn: 2,
      currencyColumn: null,
    });
  });

  it("finds transaction ids, partners, accounts and currencies by name", () => {
    const rows = [
      ["Transaction ID", "Date", "Counterparty", "Counterparty account", "Description", "Amount", "Currency"],
      ["T-1", "2026-11-26", "Coffee Ltd", "GB33BUKB20201555555555", "Coffee", "-4.50", "GBP"],
    ];
    expect(guessMapping(rows, comma, "EUR")).toMatchObject({ referenceColumn: 0, partnerColumn: 2, accountColumn: 3, labelColumn: 4, currencyColumn: 6, amount: { kind: "signed", column: 5 } });
  });

  describe("without a header", () => {
    it("takes the signed number column and the longest text", () => {
      const rows = [
        ["26/11/2026", "CARD", "Coffee at the station", "-4.50", "1200.00"],
        ["05/11/2026", "SEPA", "Salary November", "3500.00", "1204.50"],
      ];
      expect(guessMapping(rows, comma, "EUR")).toMatchObject({ hasHeader: false, dateColumn: 0, dateFormat: "DD/MM/YYYY", amount: { kind: "signed", column: 3 }, labelColumn: 2, partnerColumn: null });
    });

    it("prefers day-first when every day is 12 or less", () => {
      const rows = [
        ["01/02/2026", "Coffee", "-4.50"],
        ["03/04/2026", "Rent", "-900.00"],
      ];
      expect(guessMapping(rows, comma, "EUR")?.dateFormat).toBe("DD/MM/YYYY");
    });

    it("takes month-first when a day above 12 proves it", () => {
      const rows = [
        ["01/02/2026", "Coffee", "-4.50"],
        ["03/14/2026", "Rent", "-900.00"],
      ];
      expect(guessMapping(rows, comma, "USD")?.dateFormat).toBe("MM/DD/YYYY");
    });

    it("finds withdrawals and deposits as neighbouring columns of which each row fills one", () => {
      const rows = [
        ["2026-11-26", "Coffee", "4.50", "", "995.50"],
        ["2026-11-27", "Salary", "", "3500.00", "4495.50"],
      ];
      expect(guessMapping(rows, comma, "EUR")?.amount).toEqual({ kind: "debitCredit", debitColumn: 2, creditColumn: 3 });
    });

    it("finds a currency column by its codes", () => {
      const rows = [
        ["2026-11-26", "Coffee", "-4.50", "USD"],
        ["2026-11-27", "Tea", "-3.00", "eur"],
      ];
      expect(guessMapping(rows, comma, "EUR")?.currencyColumn).toBe(3);
    });
  });

  it.each([
    ["1 234,56", ",", " "],
    ["1'234.56", ".", "'"],
    ["1.234.567", ",", "."],
    ["12,5", ",", "."],
    ["1,234", ".", ","],
  ])("reads separators from %j", (amount, decimalSeparator, thousandsSeparator) => {
    const rows = [
      ["2026-11-26", "Coffee", amount],
      ["2026-11-27", "Tea", "-3"],
    ];
    expect(guessMapping(rows, comma, "EUR")).toMatchObject({ decimalSeparator, thousandsSeparator });
  });

  it("takes the delimiter's hint when amounts have no marks", () => {
    const rows = [["2026-11-26", "Coffee", "-4"]];
    expect(guessMapping(rows, { ...comma, delimiter: ";" }, "EUR")).toMatchObject({ decimalSeparator: ",", thousandsSeparator: "." });
    expect(guessMapping(rows, comma, "EUR")).toMatchObject({ decimalSeparator: ".", thousandsSeparator: "," });
  });

  it("gives nothing without a date column or an amount column", () => {
    expect(guessMapping([], comma, "EUR")).toBeNull();
    expect(guessMapping([["Name", "Amount"], ["Coffee", "-4.50"]], comma, "EUR")).toBeNull();
    expect(guessMapping([["Date", "Description"], ["2026-11-26", "Coffee"]], comma, "EUR")).toBeNull();
  });
});
