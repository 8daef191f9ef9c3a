import type { MatchHistoryItem } from "../../api/types";

/**
 * A list of finished matches with links to their replays. `names` (id → name) names the opponents
 * it knows (agents, from the agent list); any other is "an agent" or "a player".
 */
export function History({
  items,
  self,
  names = {},
}: {
  items: readonly MatchHistoryItem[];
  self: string;
  names?: Readonly<Record<string, string>>;
}) {
  if (items.length === 0) return <p>No finished matches yet.</p>;
  return (
    <ul class="history" aria-label="Match history">
      {items.map((m) => {
        const seat = m.playerOne.id === self ? 0 : 1;
        const other = seat === 0 ? m.playerTwo : m.playerOne;
        const result =
          m.winner === null || m.winner === undefined ? "—" : m.winner === seat ? "won" : "lost";
        return (
          <li key={m.id}>
            <strong>{result}</strong> against{" "}
            {other.kind === "Agent" ? (
              <a href={`/agents/${other.id}`}>
                {names[other.id] ? `${names[other.id]} (AI)` : "an agent"}
              </a>
            ) : (
              <a href={`/users/${other.id}`}>{names[other.id] ?? "a player"}</a>
            )}{" "}
            · {m.moveCount} moves · {new Date(m.finishedAt).toLocaleString()} ·{" "}
            <a href={`/replay/${m.id}`}>replay</a>
          </li>
        );
      })}
    </ul>
  );
}
