import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { describeError } from "../../../api/http";
import { Pacer } from "../../../stores/pacer";

/**
 * Follows a match while the page shows it: joins it on the match hub, reads its history (every
 * move so far) on joining and after each reconnect, feeds its events to the match store (view,
 * history, announcement, connection) in the order they came, an opponent's answer paced a moment
 * after the viewer's own shot ({@link Pacer}), and leaves it when the page goes. Answers the
 * sentence of a failed join, if any.
 */
export function useMatchFeed(id: string): [string | null, (error: string | null) => void] {
  const { api, hubs, match } = getServices();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    match.clear();
    const pacer = new Pacer(() => match.replyDelayMs);
    let gone = false;
    const mine =
      <T extends { matchId: string }>(f: (e: T) => void) =>
      (e: T) =>
        e.matchId === id && f(e);
    /** Runs `f` in arrival order; when `paced(e)`, also after the pause that follows own shots. */
    const inOrder = <T extends { matchId: string }>(f: (e: T) => void, paced?: (e: T) => boolean) =>
      mine((e: T) => pacer.push(() => f(e), paced?.(e) ?? false));
    const seat = () => match.seat();
    const readHistory = () =>
      api.replay(id).then(
        (replay) => !gone && match.loadHistory(replay),
        () => !gone && match.log("The earlier moves could not be read; new ones follow."),
      );
    const offs = [
      hubs.on(
        "viewUpdated",
        inOrder((v) => match.applyView(v)),
      ),
      hubs.on(
        "matchResynced",
        mine((v) => {
          pacer.flush();
          match.resync(v);
          void readHistory();
        }),
      ),
      hubs.on(
        "shotFired",
        inOrder(
          (e) => {
            match.applyShot(e);
            if (e.shot.player === seat()) pacer.hold();
          },
          (e) => seat() !== null && e.shot.player !== seat(),
        ),
      ),
      hubs.on(
        "fleetPlaced",
        inOrder((e) => match.log(`${match.playerName(e.player)} placed their fleet.`, 0.25)),
      ),
      hubs.on(
        "matchStarted",
        inOrder((e) => match.logStart(e.currentPlayer)),
      ),
      hubs.on(
        "matchEnded",
        inOrder((e) => match.logEnd(e.winner, e.reason)),
      ),
      hubs.on("connection", (c) => {
        if (c.hub !== "match") return;
        match.setConnection(
          c.state === "connected"
            ? "connected"
            : c.state === "reconnecting"
              ? "reconnecting"
              : "disconnected",
        );
      }),
    ];
    hubs.joinMatch(id).then(
      (v) => {
        if (gone) return;
        match.applyView(v);
        if (v.status !== "Placing") void readHistory();
      },
      (e: unknown) => setError(describeError(e)),
    );
    return () => {
      gone = true;
      pacer.dispose();
      offs.forEach((off) => off());
      void hubs.leaveMatch(id).catch(() => undefined);
    };
  }, [id, api, hubs, match]);

  return [error, setError];
}
