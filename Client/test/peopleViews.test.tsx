import { describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { History } from "../src/ui/components/History";
import { MatchStore } from "../src/stores/match";
import type { MatchHistoryItem, MatchView } from "../src/api/types";

const me = { id: "00000000-0000-4000-8000-00000000a1b2", displayName: "Alice" };
const ladderRows = [
  { id: "00000000-0000-4000-8000-00000000ffff", rank: 1 },
  { id: me.id, rank: 2 },
].map(({ id, rank }) => ({
  rank,
  participant: { kind: "User", id },
  name: "Alice",
  rating: 1600,
  deviation: 50,
  games: 10,
  wins: 6,
  currentStreak: 2,
}));
const api = {
  me: vi.fn(async () => me),
  ladder: vi.fn(async (_scope?: string, page = 1) => ({
    items: page === 1 ? ladderRows : [],
    pageNumber: page,
    pageSize: 50,
    totalCount: 2,
  })),
  myLadderRow: vi.fn(async (): Promise<(typeof ladderRows)[number] | undefined> => ladderRows[1]),
};
const match = new MatchStore();
vi.mock("../src/services", () => ({ getServices: () => ({ api, match }) }));
const { Ladder } = await import("../src/ui/views/ladder/Ladder");
const { MatchHeader } = await import("../src/ui/views/match/MatchHeader");

async function mount(node: preact.ComponentChild) {
  const host = document.createElement("div");
  await act(async () => {
    render(node, host);
    await Promise.resolve();
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  return host;
}

describe("History", () => {
  it("names the agent it lost against and links to its page", async () => {
    const item = {
      id: "m1",
      playerOne: { kind: "User", id: "u1" },
      playerTwo: { kind: "Agent", id: "a4" },
      winner: 1,
      endReason: "Win",
      startedAt: "2026-12-07T09:00:00Z",
      finishedAt: "2026-12-07T09:10:00Z",
      moveCount: 80,
    } as unknown as MatchHistoryItem;
    const host = await mount(<History items={[item]} self="u1" names={{ a4: "Density" }} />);
    expect(host.textContent).toContain("lost against Density (AI)");
    expect(host.querySelector('a[href="/agents/a4"]')!.textContent).toBe("Density (AI)");
    const unnamed = await mount(<History items={[item]} self="u1" />);
    expect(unnamed.textContent).toContain("lost against an agent");
  });
});

describe("Ladder", () => {
  it("tells two Alices apart by a tag, marks the viewer's row and shows rating ± 2 × deviation", async () => {
    const host = await mount(<Ladder />);
    const rows = [...host.querySelectorAll("tbody tr")];
    expect(rows.map((r) => r.querySelector(".tag")!.textContent)).toEqual(["#ffff", "#a1b2"]);
    expect(rows[1]!.getAttribute("aria-current")).toBe("true");
    expect(rows[1]!.textContent).toContain("(you)");
    expect(rows[0]!.getAttribute("aria-current")).toBeNull();
    expect(rows[0]!.textContent).toContain("1500–1700");
    expect(host.querySelector("abbr[title]")!.getAttribute("title")).toMatch(/95%/);
    expect(host.querySelector('[data-testid="my-rank"]')!.textContent).toBe("You are #2. ");
    expect(host.querySelector("nav.pager")).toBeNull();
  });

  it("pins the viewer's own line below a page that does not hold it, and pages through the ladder", async () => {
    const far = { ...ladderRows[1]!, rank: 120 };
    api.myLadderRow.mockResolvedValue(far);
    api.ladder.mockImplementation(async (_scope?: string, page = 1) => ({
      items: ladderRows.slice(0, 1).map((r) => ({ ...r, rank: (page - 1) * 50 + 1 })),
      pageNumber: page,
      pageSize: 50,
      totalCount: 130,
    }));
    const host = await mount(<Ladder />);
    const rows = () => [...host.querySelectorAll("tbody tr")];
    expect(rows().map((r) => r.querySelector("td")!.textContent)).toEqual(["1", "⋯", "120"]);
    expect(rows()[2]!.getAttribute("aria-current")).toBe("true");
    expect(host.querySelector(".pager")!.textContent).toContain("Page 1 of 3");
    const next = [...host.querySelectorAll(".pager button")].find((b) => b.textContent === "Next")!;
    await act(async () => {
      (next as HTMLButtonElement).click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(api.ladder).toHaveBeenLastCalledWith("All", 2, 50);
    expect(host.querySelector(".pager")!.textContent).toContain("Page 2 of 3");
    const show = [...host.querySelectorAll("button")].find(
      (b) => b.textContent === "Show my page",
    )!;
    await act(async () => {
      (show as HTMLButtonElement).click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(api.ladder).toHaveBeenLastCalledWith("All", 3, 50);
  });

  it("has no own line before the viewer's first rated match", async () => {
    api.myLadderRow.mockResolvedValue(undefined);
    const host = await mount(<Ladder />);
    expect(host.querySelector('[data-testid="my-rank"]')).toBeNull();
    expect([...host.querySelectorAll("tbody tr")].some((r) => r.classList.contains("gap"))).toBe(
      false,
    );
  });
});

describe("MatchHeader", () => {
  it("shows a fresh 60 s turn as 60 s left, says what happens when time runs out, and counts each player's shots", async () => {
    const now = Date.parse("2026-12-07T09:00:00.000Z");
    vi.useFakeTimers({ now: now - 700, toFake: ["Date"] }); // the browser's clock a little behind the server's
    const view = {
      matchId: "m1",
      status: "InProgress",
      role: "PlayerOne",
      players: [
        { kind: "User", id: "u1", displayName: "Alice" },
        { kind: "Agent", id: "a4", displayName: "Density" },
      ],
      turnNumber: 6,
      currentPlayer: 0,
      turnDeadline: new Date(now + 60_000).toISOString(),
      turnSeconds: 60,
      boards: [
        { owner: 0, misses: [1, 2], hits: [3], sunkShips: [], fleetPlaced: true },
        { owner: 1, misses: [4, 5], hits: [7], sunkShips: [], fleetPlaced: true },
      ],
      chat: [],
    } as unknown as MatchView;
    match.applyView(view);
    const host = await mount(<MatchHeader view={view} connection="connected" />);
    vi.useRealTimers();
    expect(host.querySelector('[data-testid="turn"]')!.textContent).toBe(
      "Your turn — your shot 4 · 60s left",
    );
    expect(host.querySelector('[data-testid="time-control"]')!.textContent).toBe(
      "60 s a shot — a player who runs out loses the match.",
    );
    expect(host.querySelector('[data-testid="shots"]')!.textContent).toBe(
      "Shots fired: Alice 3, Density 3.",
    );
  });
});
