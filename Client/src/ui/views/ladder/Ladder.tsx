import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";
import { DEVIATION_HELP, ratingRange, shortTag } from "../../../game/names";

export function Ladder() {
  const { api } = getServices();
  const [scope, setScope] = useState<"All" | "Users" | "Agents">("All");
  const ladder = useLoad(() => api.ladder(scope), scope);
  const me = useLoad(() => api.me(), "me");
  const myId = me.value?.id;
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
      <p class="muted">
        Players who share a name are told apart by the tag after it (the end of their id). The
        likely range is the rating ± 2 × its{" "}
        <abbr title={DEVIATION_HELP} tabIndex={0}>
          deviation
        </abbr>
        .
      </p>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">Ranking by Glicko-2 rating</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Name</th>
              <th scope="col">Rating</th>
              <th scope="col">
                <abbr title={DEVIATION_HELP}>Likely range</abbr>
              </th>
              <th scope="col">Games</th>
              <th scope="col">Wins</th>
              <th scope="col">Streak</th>
            </tr>
          </thead>
          <tbody>
            {(ladder.value?.items ?? []).map((row) => {
              const mine = row.participant.kind === "User" && row.participant.id === myId;
              const range = ratingRange(row.rating, row.deviation);
              return (
                <tr
                  key={row.participant.id}
                  class={mine ? "me" : undefined}
                  aria-current={mine ? "true" : undefined}
                  data-testid={mine ? "my-row" : undefined}
                >
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
                    </a>{" "}
                    <span class="muted tag">{shortTag(row.participant.id)}</span>
                    {row.participant.kind === "Agent" ? " (AI)" : ""}
                    {mine ? <strong> (you)</strong> : ""}
                  </td>
                  <td>{Math.round(row.rating)}</td>
                  <td title={`${Math.round(row.rating)} ± 2 × ${Math.round(row.deviation)}`}>
                    {range.low}–{range.high}
                  </td>
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
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
