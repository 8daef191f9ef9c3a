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
  const agentNames = Object.fromEntries((agents.value?.items ?? []).map((a) => [a.id, a.name]));
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
      <h2>Match history</h2>
      <Problem text={matches.error} />
      {matches.value && <History items={matches.value.items} self={u.id} names={agentNames} />}
    </section>
  );
}
