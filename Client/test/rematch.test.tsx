import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render } from "preact";
import { act } from "preact/test-utils";
import { MatchStore } from "../src/stores/match";
import { route } from "../src/ui/router";
import type { MatchView, RoomView } from "../src/api/types";

const alice = { kind: "User" as const, id: "u1", displayName: "Alice" };
const bob = { kind: "User" as const, id: "u2", displayName: "Bob" };
const hunter = { kind: "Agent" as const, id: "a1", displayName: "Hunter" };
const ended = (over: Partial<MatchView> = {}) =>
  ({
    matchId: "m1",
    roomId: "r1",
    status: "Finished",
    role: "PlayerOne",
    players: [alice, bob],
    winner: 1,
    endReason: "Resign",
    turnSeconds: 45,
    firstPlayer: 0,
    ...over,
  }) as unknown as MatchView;
const room = (over: Partial<RoomView> = {}) =>
  ({
    id: "r1",
    status: "Closed",
    matchId: "m1",
    turnSeconds: 45,
    rematch: { offeredBy: [], openUntil: new Date(Date.now() + 300_000).toISOString() },
    ...over,
  }) as unknown as RoomView;

let answer: RoomView = room();
const handlers = new Map<string, (p: unknown) => void>();
const api = {
  room: vi.fn(async () => answer),
  rematch: vi.fn(async (_id: string, accept = true) =>
    accept ? room({ rematch: { offeredBy: ["u1"], openUntil: "" } }) : room({ rematch: null }),
  ),
  leaveRoom: vi.fn(async () => room({ rematch: null })),
  startVsAgent: vi.fn(async () => ({ matchId: "m2" })),
};
const hubs = {
  on: (event: string, handler: (p: unknown) => void) => {
    handlers.set(event, handler);
    return () => handlers.delete(event);
  },
};
const match = new MatchStore();
vi.mock("../src/services", () => ({ getServices: () => ({ api, hubs, match }) }));
const { EndBanner } = await import("../src/ui/views/match/EndBanner");
const { RematchPollMs } = await import("../src/ui/views/match/Rematch");

let host: HTMLElement | null = null;
async function mount(view: MatchView) {
  host = document.createElement("div");
  document.body.append(host);
  await act(async () => render(<EndBanner view={view} />, host!));
  await act(async () => {});
  return host;
}
const settle = () => act(async () => {});
const button = (page: HTMLElement, text: string) =>
  [...page.querySelectorAll("button")].find((b) => b.textContent === text);
const click = async (b: HTMLButtonElement | undefined) => {
  expect(b).toBeDefined();
  await act(async () => b!.click());
  await settle();
};

beforeEach(() => {
  answer = room();
  vi.clearAllMocks();
  route.set("/match/m1");
});
afterEach(() => {
  if (host) act(() => render(null, host!));
  host?.remove();
  vi.useRealTimers();
});

describe("the rematch on a room match's end screen", () => {
  it("offers a rematch, and shows the offer as waiting for the other player", async () => {
    const page = await mount(ended());
    expect(page.querySelector("[data-testid=rematch]")!.textContent).toContain("Play Bob again?");

    answer = room({ rematch: { offeredBy: ["u1"], openUntil: "" } });
    await click(button(page, "Rematch"));

    expect(api.rematch).toHaveBeenCalledWith("r1");
    expect(page.textContent).toContain("You offered a rematch; waiting for Bob.");
    expect(button(page, "Rematch")).toBeUndefined();
    expect(button(page, "Decline")).toBeDefined();
  });

  it("shows the other player's offer, to accept or decline", async () => {
    answer = room({ rematch: { offeredBy: ["u2"], openUntil: "" } });
    const page = await mount(ended());
    expect(page.textContent).toContain("Bob offers a rematch.");
    expect(button(page, "Accept the rematch")).toBeDefined();

    answer = room({ rematch: null });
    await click(button(page, "Decline"));

    expect(api.rematch).toHaveBeenCalledWith("r1", false);
    expect(page.textContent).toContain("No rematch: it was declined, a player left, or it lapsed.");
    expect(button(page, "Accept the rematch")).toBeUndefined();
  });

  it("moves to the new match once the room starts it (seen by polling)", async () => {
    vi.useFakeTimers();
    answer = room({ rematch: { offeredBy: ["u1"], openUntil: "" } });
    await mount(ended());
    await settle();
    expect(route.value).toBe("/match/m1");

    answer = room({ status: "InMatch", matchId: "m2", rematch: null });
    await act(async () => {
      vi.advanceTimersByTime(RematchPollMs);
    });
    await settle();

    expect(route.value).toBe("/match/m2");
  });

  it("asks again while the room has not yet heard of the end, then offers the rematch", async () => {
    vi.useFakeTimers();
    answer = room({ status: "InMatch", rematch: null });
    const page = await mount(ended());
    await settle();
    expect(page.querySelector("[data-testid=rematch]")).toBeNull();

    answer = room();
    await act(async () => {
      vi.advanceTimersByTime(RematchPollMs);
    });
    await settle();

    expect(page.textContent).toContain("Play Bob again?");
  });

  it("lets a spectator follow, without buttons", async () => {
    answer = room({ rematch: { offeredBy: ["u2"], openUntil: "" } });
    const page = await mount(ended({ role: "Spectator" }));

    expect(page.textContent).toContain(
      "Bob offered a rematch; if both agree, you follow them into it.",
    );
    expect(page.querySelectorAll("[data-testid=rematch] button")).toHaveLength(0);
  });

  it("leaves the room and goes to the lobby", async () => {
    const page = await mount(ended());

    await click(button(page, "Leave"));

    expect(api.leaveRoom).toHaveBeenCalledWith("r1");
    expect(route.value).toBe("/");
  });

  it("does not move an old match (opened later) to the room's newer one", async () => {
    answer = room({ status: "InMatch", matchId: "m9", rematch: null });
    const page = await mount(ended());

    expect(route.value).toBe("/match/m1");
    expect(page.querySelector("[data-testid=rematch]")).toBeNull();
  });
});

describe("Play again after a match against an agent", () => {
  it("starts a new match against the same agent, same clock and who goes first, and goes to it", async () => {
    const page = await mount(ended({ roomId: null, players: [alice, hunter], firstPlayer: 1 }));
    expect(page.querySelector("[data-testid=rematch]")).toBeNull();

    await click(button(page, "Play again"));

    expect(api.startVsAgent).toHaveBeenCalledWith("a1", false, 45);
    expect(route.value).toBe("/match/m2");
  });

  it("is not offered to a spectator", async () => {
    const page = await mount(ended({ roomId: null, players: [alice, hunter], role: "Spectator" }));

    expect(button(page, "Play again")).toBeUndefined();
  });
});
