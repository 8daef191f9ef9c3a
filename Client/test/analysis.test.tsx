import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import type { MatchReplay, MoveAnalysis } from "../src/api/types";
import { describeAnalysis, heatColour, percent } from "../src/game/analysis";
import { cellName } from "../src/game/board";

const shot = (number: number, player: number, cell: number, outcome: string) => ({
  number,
  player,
  kind: "Shot",
  shot: { turnNumber: number, player, cell, outcome, sunkShip: null, sunkCells: null },
  at: "",
});

const finished = {
  matchId: "m1",
  players: [
    { kind: "User", id: "u1", displayName: "Alice" },
    { kind: "User", id: "u2", displayName: "Bob" },
  ],
  rules: { rows: 10, columns: 10, fleet: [{ type: "Destroyer", length: 2 }] },
  firstPlayer: 0,
  fleets: [[{ type: "Destroyer", cells: [0, 1] }], [{ type: "Destroyer", cells: [44, 45] }]],
  moves: [shot(1, 0, 11, "Miss"), shot(2, 1, 50, "Miss"), shot(3, 0, 44, "Hit")],
  status: "Finished",
  winner: 1,
  endReason: "Resign",
  roomId: null,
} as unknown as MatchReplay;

/** Alice's view before move `move`: she fired at 11 before move 2; the agent prefers 44. */
function analysisOf(move: number): MoveAnalysis {
  const hitProbabilities: number[] = Array.from({ length: 100 }, (_, c) => (c === 44 ? 0.34 : 0.1));
  if (move === 2) hitProbabilities[11] = 0;
  const shooter = move % 2;
  return {
    matchId: "m1",
    move,
    shooter,
    kind: "Shot",
    firedCell: finished.moves[move]!.shot!.cell,
    hitProbabilities,
    suggestedCell: 44,
    source: "density",
  };
}

const api = {
  replay: vi.fn(async () => finished),
  moveAnalysis: vi.fn(async (_id: string, move: number) => analysisOf(move)),
};
vi.mock("../src/services", () => ({ getServices: () => ({ api }) }));
const { Replay } = await import("../src/ui/views/replay/Replay");

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

const mounted: HTMLElement[] = [];
afterEach(() =>
  mounted.splice(0).forEach((host) => {
    render(null, host);
    host.remove();
  }),
);
beforeEach(() => {
  api.replay.mockImplementation(async () => finished);
  api.moveAnalysis.mockClear();
});

async function mount() {
  const host = document.createElement("div");
  document.body.appendChild(host); // a detached checkbox is not toggled by a click
  mounted.push(host);
  await act(async () => {
    render(<Replay id="m1" />, host);
    await Promise.resolve();
  });
  await settle();
  return host;
}

async function click(element: Element) {
  await act(async () => {
    (element as HTMLElement).click();
  });
  await settle();
}

const toggle = (host: HTMLElement) =>
  host.querySelector<HTMLInputElement>("[data-testid=agent-view-toggle]")!;
const cellOf = (host: HTMLElement, board: number, cell: number) =>
  host.querySelector(`[data-testid=replay-board-${board}] [data-cell="${cell}"]`)!;

describe("percent and heatColour", () => {
  it("reads chances as whole percentages, a small one as <1 %", () => {
    expect([0, 0.004, 0.34, 0.345, 1].map(percent)).toEqual([
      "0 %",
      "<1 %",
      "34 %",
      "35 %",
      "100 %",
    ]);
  });

  it("shades from white to reddish purple by the root of the chance, dark ink keeping at least 5:1", () => {
    expect(heatColour(0)).toBe("rgb(255, 255, 255)");
    expect(heatColour(1)).toBe("rgb(204, 121, 167)");
    expect(heatColour(2)).toBe(heatColour(1));
    expect(heatColour(0.25)).toBe("rgb(230, 188, 211)"); // halfway: the square root of the chance
    for (let p = 0; p <= 1; p += 0.05) {
      expect(contrast(heatColour(p), [27, 31, 36])).toBeGreaterThanOrEqual(5);
    }
  });
});

describe("describeAnalysis", () => {
  const names = ["Alice", "Bob"];
  const name = (c: number) => cellName(c, 10);

  it("names the agent's cell and the shooter's, each with its chance", () => {
    expect(describeAnalysis(analysisOf(2), names, name)).toBe(
      "The agent would have fired at E5 (34 %); Alice fired at E5 (34 %).",
    );
    expect(describeAnalysis({ ...analysisOf(0), firedCell: 11 }, names, name)).toBe(
      "The agent would have fired at E5 (34 %); Alice fired at B2 (10 %).",
    );
  });

  it("says what the player did instead of a shot", () => {
    expect(
      describeAnalysis({ ...analysisOf(1), kind: "Resign", firedCell: null }, names, name),
    ).toBe("The agent would have fired at E5 (34 %); Bob resigned instead.");
  });
});

describe("Replay: the agent's view", () => {
  it("is a labelled switch, off at first, that asks for nothing until it is turned on", async () => {
    const host = await mount();
    const input = toggle(host);
    expect(input.type).toBe("checkbox");
    expect(input.getAttribute("role")).toBe("switch");
    expect(input.closest("label")!.textContent).toContain("Show the agent's view");
    expect(input.checked).toBe(false);
    expect(api.moveAnalysis).not.toHaveBeenCalled();
  });

  it("shades the shooter's target board with a chance per cell, rings the agent's choice and says it", async () => {
    const host = await mount();
    await click(toggle(host));

    expect(api.moveAnalysis).toHaveBeenCalledWith("m1", 0);
    expect(host.querySelector("[data-testid=agent-view-line]")!.textContent).toBe(
      "Before move 1: The agent would have fired at E5 (34 %); Alice fired at B2 (10 %).",
    );
    const choice = cellOf(host, 1, 44);
    expect(choice.getAttribute("aria-label")).toBe(
      "E5, water, hit chance 34 %, the agent's choice",
    );
    expect(choice.classList.contains("suggested")).toBe(true);
    expect(choice.textContent).toBe("◎");
    expect(cellOf(host, 1, 12).getAttribute("aria-label")).toBe("B3, water, hit chance 10 %");
    expect(cellOf(host, 1, 12).getAttribute("title")).toBe("B3, hit chance 10 %");
    // Bob's ships, shown in the replay, are hidden on the board the agent weighs; Alice's board is plain.
    expect(cellOf(host, 1, 45).getAttribute("data-state")).toBe("water");
    expect(cellOf(host, 0, 0).getAttribute("data-state")).toBe("ship");
    expect(cellOf(host, 0, 5).getAttribute("aria-label")).toBe("A6, water");
    expect(host.querySelector("[data-testid=heat-legend]")!.textContent).toContain(
      "the agent's choice",
    );
  });

  it("follows the steps, asks for each move once, and has nothing to weigh after the last", async () => {
    const host = await mount();
    await click(toggle(host));
    const next = host.querySelector('[aria-label="Next: step forward"]')!;

    await click(next);
    expect(host.querySelector("[data-testid=agent-view-line]")!.textContent).toContain(
      "Bob fired at F1",
    );
    expect(cellOf(host, 0, 44).classList.contains("suggested")).toBe(true); // Bob shoots at Alice's board
    await click(next);
    expect(cellOf(host, 1, 11).getAttribute("data-state")).toBe("miss");
    await click(host.querySelector('[aria-label="Step back"]')!);
    await click(host.querySelector('[aria-label="Last move"]')!);

    expect(api.moveAnalysis.mock.calls.map((c) => c[1])).toEqual([0, 1, 2]);
    expect(host.querySelector("[data-testid=agent-view]")!.textContent).toContain(
      "The match ended here",
    );
    expect(host.querySelector("[data-testid=heat-legend]")).toBeNull();
  });

  it("is not offered while the match is still going on", async () => {
    api.replay.mockImplementation(
      async () => ({ ...finished, status: "InProgress", winner: null }) as MatchReplay,
    );
    const host = await mount();

    expect(toggle(host)).toBeNull();
    expect(api.moveAnalysis).not.toHaveBeenCalled();
  });
});

/** WCAG contrast ratio of an "rgb(r, g, b)" colour against another. */
function contrast(rgb: string, other: readonly number[]): number {
  const parts = rgb.match(/\d+/g)!.map(Number);
  const luminance = (c: readonly number[]) => {
    const [r, g, b] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [luminance(parts), luminance(other)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}
