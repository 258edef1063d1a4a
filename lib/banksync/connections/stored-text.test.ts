import { describe, expect, it } from "vitest";
import { message } from "@/i18n/message";
import { sayStored } from "@/test/stored-text";
import { say } from "@/test/i18n";
import { ValidationError } from "../errors";
import { withEngineRefusals } from "./engine-refusals";
import { readStoredText, storeText } from "./stored-text";

describe("stored texts", () => {
  it("say a stored Message in the reader's language, the provider's message labelled and as sent", () => {
    const stored = storeText(message("Connection.outcomes.revokeFailed", { provider: "Salt Edge" }), "Customer is locked");
    expect(sayStored(stored, "en", "Salt Edge")).toBe(
      "Salt Edge could not revoke the consent. Nothing was deleted; try again later.\nMessage from Salt Edge: Customer is locked",
    );
    expect(sayStored(stored, "ko", "Salt Edge")).toBe(
      "Salt Edge에서 동의를 취소하지 못했습니다. 아무것도 삭제되지 않았습니다. 나중에 다시 시도하세요.\nSalt Edge의 원문 메시지: Customer is locked",
    );
  });

  it("show older text as it was written", () => {
    expect(readStoredText("Connected to Sandbox Bank through GoCardless.")).toEqual({ text: "Connected to Sandbox Bank through GoCardless." });
    expect(readStoredText("{not json")).toEqual({ text: "{not json" });
    expect(readStoredText('{"a":1}')).toEqual({ text: '{"a":1}' });
  });

  it("say the sync engine's English sentences in Korean, and in English exactly as written", () => {
    const sentences = [
      ["State changed: Error → Connected.", "상태 변경: 오류 → 연결됨."],
      [
        "Fetch Transactions: 12 imported, 3 already known, 1 possible duplicates, 0 pending not imported (2.5 s).",
        "거래 가져오기: 12건 가져옴, 3건 이미 있음, 중복 가능성 1건, 보류 중 0건 가져오지 않음(2.5초).",
      ],
      [
        "Scheduled synchronization: 0 imported, 0 already known, 0 possible duplicates, 0 pending not imported (0.3 s). The bank's refresh limit was reached.",
        "예약 동기화: 0건 가져옴, 0건 이미 있음, 중복 가능성 0건, 보류 중 0건 가져오지 않음(0.3초). 은행의 갱신 한도에 도달했습니다.",
      ],
      [
        "Scheduled synchronization failed after 1.0 s: This bank does not allow automatic synchronization. Disable automatic synchronization and use Fetch Transactions. (provider code AUTO_FETCH)",
        "예약 동기화 실패(1.0초 후): 이 은행은 자동 동기화를 허용하지 않습니다. 자동 동기화를 끄고 거래 가져오기를 사용하세요. (제공업체 코드 AUTO_FETCH)",
      ],
      ["The bank asks you to sign in again: click “Reconnect Bank”.", "은행에서 다시 로그인하라고 요청합니다. “다시 연결”을 클릭하세요."],
      ["The synchronization was interrupted (its worker stopped).", "동기화가 중단되었습니다(작업자가 멈췄습니다)."],
    ];
    for (const [english, korean] of sentences) {
      expect(sayStored(english!, "en")).toBe(english);
      expect(sayStored(english!, "ko")).toBe(korean);
    }
  });

  it("keep the provider's words out of our sentence, labelled", () => {
    const failed = "First synchronization failed after 4.2 s: The provider reported an error: Institution is down (provider code ASPSP_ERROR)";
    expect(sayStored(failed, "en", "Enable Banking")).toBe(
      "First synchronization failed after 4.2 s: The provider reported an error. (provider code ASPSP_ERROR)\nMessage from Enable Banking: Institution is down",
    );
    expect(sayStored("The provider reported an error: boom", "ko", "Plaid")).toBe("제공업체에서 오류를 보고했습니다.\nPlaid의 원문 메시지: boom");
  });

  it("give the engine's known refusals their Message, and leave other errors alone", () => {
    const refused = withEngineRefusals(new ValidationError({ connection: ["The bank connection is disconnected: reconnect it first.", "Something else."] }));
    expect(refused).toBeInstanceOf(ValidationError);
    const [known, other] = (refused as ValidationError).fieldErrors.connection!;
    expect(say(known!)).toBe("The bank connection is disconnected: reconnect it first.");
    expect(say(known!, "ko")).toBe("은행 연결이 끊어졌습니다. 먼저 다시 연결하세요.");
    expect(other).toBe("Something else.");
    const unexpected = new Error("boom");
    expect(withEngineRefusals(unexpected)).toBe(unexpected);
  });
});
