import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { MatchStore } from "../src/stores/match";
import type { HubEvents } from "../src/api/hubs";
import type { MatchReplay } from "../src/api/types";
import { boardView as board, matchView, shotFired, shotView as shot } from "./fixtures";

const handlers = new Map<string, Set<(p: unknown) => void>>();
const view = matchView({
  players: [
    { kind: "User", id: "u1", displayName: "Alice" },
    { kind: "Agent", id: "a1", displayName: "Hunter" },
  ],
  turnNumber: 10,
  turnDeadline: new Date(Date.now() + 30_000).toISOString(),
  // The shots of `moves` below: Alice's at 0, 6, 12, 18, 24; Hunter's at 3, 9, 15, 21, 27.
  boards: [
    { ...board(0, [{ type: "Destroyer", cells: [60, 61] }]), misses: [3, 9, 15, 21, 27] },
    { ...board(1), misses: [0, 6, 12, 18, 24] },
  ],
});
const moves: MatchReplay["moves"] = Array.from({ length: 10 }, (_, i) => ({
  number: i + 1,
  player: i % 2,
  kind: "Shot",
  shot: shot(i + 1, i % 2, i * 3),
  at: "",
}));
const hubs = {
  on: (event: string, handler: (p: unknown) => void) => {
    if (!handlers.has(event)) handlers.set(event, new Set());
    handlers.get(event)!.add(handler);
    return () => handlers.get(event)!.delete(handler);
  },
  state: () => "connected",
  joinMatch: vi.fn(async () => view),
  leaveMatch: vi.fn(async () => undefined),
  fire: vi.fn(async () => ({})),
};
const api = {
  replay: vi.fn(async () => ({
    moves,
    firstPlayer: 0,
    status: "InProgress",
    winner: null,
    endReason: null,
  })),
  room: vi.fn(async () => null),
};
const match = new MatchStore();
vi.mock("../src/services", () => ({ getServices: () => ({ api, hubs, match }) }));
const { Match } = await import("../src/ui/views/match/Match");

function emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]) {
  act(() => handlers.get(event)?.forEach((h) => h(payload)));
}

let root: HTMLElement | null = null;
async function mount() {
  root = document.createElement("div");
  document.body.append(root);
  await act(async () => render(<Match id="m1" />, root!));
  await act(async () => {});
  return root;
}
afterEach(() => {
  if (root) act(() => render(null, root!));
  root?.remove();
  match.replyDelayMs = 600;
});

describe("the match page", () => {
  it("shows the whole history under the real turn numbers after a reload", async () => {
    const page = await mount();
    const items = [...page.querySelectorAll("[data-testid=match-log] li")];
    expect(items).toHaveLength(11);
    expect(items.slice(1).map((li) => li.getAttribute("data-turn"))).toEqual(
      moves.map((m) => String(m.number)),
    );
    expect(items[10]!.textContent).toBe("Turn 10. Hunter fires at C8: miss.");
    expect(page.querySelector("[data-testid=match-log]")!.getAttribute("aria-live")).toBeNull();
  });

  it("marks the last shot on both boards, in the cell's name and not by colour alone", async () => {
    const page = await mount();
    const last = (id: string) => page.querySelectorAll(`[data-testid=${id}] [data-last=true]`);
    expect(last("own-board")).toHaveLength(1);
    expect(last("own-board")[0]!.getAttribute("aria-label")).toBe("C8, miss, last shot");
    expect(last("target-board")).toHaveLength(1);
    expect(last("target-board")[0]!.getAttribute("aria-label")).toBe("C5, miss, last shot");
    expect(last("target-board")[0]!.classList.contains("last")).toBe(true);
    expect(page.querySelector(".legend")!.textContent).toContain("last shot");

    match.replyDelayMs = 0;
    emit("shotFired", shotFired(shot(11, 0, 16, { outcome: "Hit" }), 1));
    expect(last("target-board")[0]!.getAttribute("aria-label")).toBe("B7, hit, last shot");
    expect(page.querySelectorAll("[data-last=true]")).toHaveLength(2);
  });

  it("announces results and turns in one live region; the countdown is not announced", async () => {
    const page = await mount();
    // (the chat's lines are a live region of their own: people talk)
    const live = [...page.querySelectorAll("[aria-live=polite]")].filter(
      (e) => !e.classList.contains("chat-lines"),
    );
    expect(live).toHaveLength(1);
    expect(live[0]!.getAttribute("data-testid")).toBe("announcement");
    const turn = page.querySelector("[data-testid=turn]")!;
    expect(turn.getAttribute("aria-live")).toBe("off");
    expect(turn.getAttribute("role")).toBeNull();
    expect(turn.textContent).toMatch(/^Your turn/);

    vi.useFakeTimers();
    try {
      emit("shotFired", shotFired(shot(11, 0, 16, { outcome: "Hit" }), 1));
      emit("shotFired", shotFired(shot(12, 1, 22), 0));
      const said = () => page.querySelector("[data-testid=announcement]")!.textContent;
      expect(said()).toBe("You fired at B7: hit. Hunter's turn.");
      expect(page.querySelector("[data-testid=turn]")!.textContent).toBe("Hunter's turn");
      act(() => {
        vi.advanceTimersByTime(600);
      });
      expect(said()).toBe("Hunter fired at C3: miss. Your turn.");
      expect(page.querySelector("[data-testid=turn]")!.textContent).toMatch(/^Your turn/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("puts the target board in its own class for the phone layout", async () => {
    const page = await mount();
    expect(page.querySelector("[data-testid=target-board]")!.classList.contains("target")).toBe(
      true,
    );
    expect(page.querySelector("[data-testid=own-board]")!.classList.contains("own")).toBe(true);
  });
});
