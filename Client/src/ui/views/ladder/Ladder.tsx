import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";

export function Ladder() {
  const { api } = getServices();
  const [scope, setScope] = useState<"All" | "Users" | "Agents">("All");
  const ladder = useLoad(() => api.ladder(scope), scope);
  return (
    <section class="panel" aria-labelledby="ladder-title">
      <h1 id="ladder-title">Ladder</h1>
      <div role="tablist" aria-label="Who to rank" class="actions">
        {(["All", "Users", "Agents"] as const).map((s) => (
          <button
            key={s}
            role="tab"
            type="button"
            aria-selected={scope === s}
            class={scope === s ? "" : "secondary"}
            onClick={() => setScope(s)}
          >
            {s}
          </button>
        ))}
      </div>
      <Problem text={ladder.error} />
      {ladder.value && ladder.value.items.length === 0 && (
        <p>Nobody is ranked yet: play a match!</p>
      )}
      <div class="table-wrap">
        <table>
          <caption class="sr-only">Ranking by Glicko-2 rating</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Name</th>
              <th scope="col">Rating</th>
              <th scope="col">Deviation</th>
              <th scope="col">Games</th>
              <th scope="col">Wins</th>
              <th scope="col">Streak</th>
            </tr>
          </thead>
          <tbody>
            {(ladder.value?.items ?? []).map((row) => (
              <tr key={row.participant.id}>
                <td>{row.rank}</td>
                <td>
                  <a
                    href={
                      row.participant.kind === "Agent"
                        ? `/agents/${row.participant.id}`
                        : `/users/${row.participant.id}`
                    }
                  >
                    {row.name}
                  </a>
                  {row.participant.kind === "Agent" ? " (AI)" : ""}
                </td>
                <td>{Math.round(row.rating)}</td>
                <td>±{Math.round(row.deviation)}</td>
                <td>{row.games}</td>
                <td>{row.wins}</td>
                <td>
                  {row.currentStreak > 0
                    ? `${row.currentStreak}W`
                    : row.currentStreak < 0
                      ? `${-row.currentStreak}L`
                      : "–"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
