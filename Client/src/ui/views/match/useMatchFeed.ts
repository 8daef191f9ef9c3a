import { useEffect, useState } from "preact/hooks";
import { getServices } from "../../../services";
import { describeError } from "../../../api/http";
import { describeEnd } from "../../../game/outcome";

/**
 * Follows a match while the page shows it: joins it on the match hub, feeds its events to the
 * match store (view, log, connection) and leaves it when the page goes. Answers the sentence of a
 * failed join, if any.
 */
export function useMatchFeed(id: string): [string | null, (error: string | null) => void] {
  const { hubs, match } = getServices();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    match.clear();
    const mine =
      <T extends { matchId: string }>(f: (e: T) => void) =>
      (e: T) =>
        e.matchId === id && f(e);
    const offs = [
      hubs.on(
        "viewUpdated",
        mine((v) => match.applyView(v)),
      ),
      hubs.on(
        "matchResynced",
        mine((v) => match.resync(v)),
      ),
      hubs.on(
        "shotFired",
        mine((e) => match.logShot(e.shot)),
      ),
      hubs.on(
        "fleetPlaced",
        mine((e) => match.log(`${match.playerName(e.player)} placed their fleet.`)),
      ),
      hubs.on(
        "matchStarted",
        mine((e) =>
          match.log(`The match begins: ${match.playerName(e.currentPlayer)} fires first.`),
        ),
      ),
      hubs.on(
        "matchEnded",
        mine((e) => match.log(describeEnd(match.playerName(e.winner), e.reason, "wins"))),
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
      (v) => match.applyView(v),
      (e: unknown) => setError(describeError(e)),
    );
    return () => {
      offs.forEach((off) => off());
      void hubs.leaveMatch(id).catch(() => undefined);
    };
  }, [id, hubs, match]);

  return [error, setError];
}
