import { useState } from "preact/hooks";
import type { Ok } from "../../../api/endpoints";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";
import { DEVIATION_HELP, ratingRange, shortTag } from "../../../game/names";

export function Ladder() {
  const { api } = getServices();
  const [scope, setScope] = useState<"All" | "Users" | "Agents">("All");
  const [page, setPage] = useState(1);
  const ladder = useLoad(() => api.ladder(scope, page, PAGE_SIZE), `${scope}:${page}`);
  // The viewer's own line, for the pages that do not hold it (agents have no "me" on this ladder).
  const mine = useLoad(
    () => (scope === "Agents" ? Promise.resolve(undefined) : api.myLadderRow(scope)),
    `me:${scope}`,
  );
  const myId = mine.value?.participant.id;
  const rows = ladder.value?.items ?? [];
  const isMine = (row: Row) => row.participant.kind === "User" && row.participant.id === myId;
  const pinned = mine.value && rows.length > 0 && !rows.some(isMine) ? mine.value : undefined;
  const pages = ladder.value ? Math.max(1, Math.ceil(ladder.value.totalCount / PAGE_SIZE)) : 1;
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
            onClick={() => {
              setScope(s);
              setPage(1);
            }}
          >
            {s}
          </button>
        ))}
      </div>
      <Problem text={ladder.error} />
      {mine.value && (
        <p data-testid="my-rank">
          You are #{mine.value.rank}
          {scope === "Users" ? " among players" : ""}.{" "}
          {!rows.some(isMine) && (
            <button
              type="button"
              class="secondary"
              onClick={() => setPage(Math.floor((mine.value!.rank - 1) / PAGE_SIZE) + 1)}
            >
              Show my page
            </button>
          )}
        </p>
      )}
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
            {rows.map((row) => (
              <LadderLine key={row.participant.id} row={row} mine={isMine(row)} />
            ))}
            {pinned && (
              <>
                <tr class="gap" aria-hidden="true">
                  <td colSpan={7}>⋯</td>
                </tr>
                <LadderLine row={pinned} mine />
              </>
            )}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav class="actions pager" aria-label="Ladder pages">
          <button
            type="button"
            class="secondary"
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            Previous
          </button>
          <span aria-live="polite">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            class="secondary"
            disabled={page >= pages}
            onClick={() => setPage(page + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </section>
  );
}

const PAGE_SIZE = 50;

type Row = Ok<"GetLadder">["items"][number];

/** A line of the ladder; the viewer's own is highlighted and announced as the current one. */
function LadderLine({ row, mine }: { row: Row; mine: boolean }) {
  const range = ratingRange(row.rating, row.deviation);
  return (
    <tr
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
}
