import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";
import { History } from "../../components/History";
import { describeError } from "../../../api/http";
import { TextField } from "../../components/TextField";
import { Stats } from "../../components/Stats";
import { Fields } from "../../fields";
import { DEVIATION_HELP } from "../../../game/names";
import type { MatchHistoryItem } from "../../../api/types";

/** The users (not agents) a page of matches was played against, each once, in order. */
export function opponentUsers(items: readonly MatchHistoryItem[], self: string): string[] {
  const ids = items
    .map((m) => (m.playerOne.id === self ? m.playerTwo : m.playerOne))
    .filter((p) => p.kind === "User" && p.id !== self)
    .map((p) => p.id);
  return [...new Set(ids)];
}

/** Their display names (id → name); a user who cannot be read is left out (they read "a player"). */
export async function userNames(
  ids: readonly string[],
  read: (id: string) => Promise<{ displayName: string }>,
): Promise<Record<string, string>> {
  const named = await Promise.all(
    ids.map((id) =>
      read(id).then(
        (u) => [id, u.displayName] as const,
        () => null,
      ),
    ),
  );
  return Object.fromEntries(named.filter((n) => n !== null));
}

/** Your profile (no id: editable name) or another user's public one. */
export function Profile({ id }: { id?: string }) {
  const { api } = getServices();
  const me = useLoad(() => api.me(), "me");
  const userId = id ?? me.value?.id;
  const user = useLoad(() => (userId ? api.user(userId) : Promise.resolve(null)), userId ?? "");
  const matches = useLoad(
    () => (userId ? api.userMatches(userId) : Promise.resolve(null)),
    `m${userId ?? ""}`,
  );
  const agents = useLoad(() => api.agents(), "agents");
  const opponentIds = opponentUsers(matches.value?.items ?? [], userId ?? "");
  const people = useLoad(
    () => userNames(opponentIds, (id) => api.user(id)),
    `p${opponentIds.join(",")}`,
  );
  const names = {
    ...Object.fromEntries((agents.value?.items ?? []).map((a) => [a.id, a.name])),
    ...people.value,
  };
  const [name, setName] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const own = !id || id === me.value?.id;
  const u = user.value;
  if (user.error) return <Problem text={user.error} />;
  if (!u) return <p aria-busy="true">Loading…</p>;
  return (
    <section class="panel" aria-labelledby="profile-title">
      <h1 id="profile-title">{u.displayName}</h1>
      <Stats
        items={{
          Games: u.games,
          Wins: u.wins,
          Losses: u.losses,
          Rating: (
            <abbr title={DEVIATION_HELP}>
              {Math.round(u.rating.rating)} ± {Math.round(2 * u.rating.deviation)}
            </abbr>
          ),
        }}
      />
      {own && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await api.renameMe((name ?? u.displayName).trim());
              setMessage("Saved.");
              user.reload();
            } catch (err) {
              setMessage(describeError(err));
            }
          }}
        >
          <TextField {...Fields.rename} value={name ?? u.displayName} onValue={setName} />
          <button type="submit">Save</button>
          <p role="status">{message}</p>
        </form>
      )}
      <h2>Recent games</h2>
      <Problem text={matches.error} />
      {matches.value && <History items={matches.value.items} self={u.id} names={names} />}
    </section>
  );
}
