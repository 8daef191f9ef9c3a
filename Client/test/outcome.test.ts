import { describe, expect, it } from "vitest";
import { describeEnd, endReasonPhrase, endReasonSentence } from "../src/game/outcome";

describe("outcome", () => {
  it("names each end reason once", () => {
    expect(endReasonPhrase("Win")).toBe("by sinking every ship");
    expect(endReasonPhrase("Resign")).toBe("by resignation");
    expect(endReasonPhrase("Timeout")).toBe("on time");
    expect(endReasonPhrase("Abandoned")).toBe("after the match was abandoned");
    expect(endReasonPhrase(null)).toBe("by sinking every ship");
  });

  it("writes the sentences the match page and the replay show", () => {
    expect(describeEnd("Alice", "Resign", "wins")).toBe("Alice wins by resignation.");
    expect(describeEnd("Bob", "Win", "won")).toBe("Bob won by sinking every ship.");
    expect(endReasonSentence("Timeout")).toBe("On time.");
    expect(endReasonSentence("Resign")).toBe("By resignation.");
    expect(endReasonSentence("Win")).toBe("By sinking every ship.");
  });
});
