import { getServices } from "../../../services";
import { useLoad } from "../../hooks";
import { Problem } from "../../components/Problem";
import { History } from "../../components/History";
import { Stats } from "../../components/Stats";

export function AgentView({ id }: { id: string }) {
  const { api } = getServices();
  const details = useLoad(() => api.agent(id), id);
  const matches = useLoad(() => api.agentMatches(id), `m${id}`);
  if (details.error) return <Problem text={details.error} />;
  const d = details.value;
  if (!d) return <p aria-busy="true">Loading…</p>;
  const r = d.rating;
  return (
    <section class="panel" aria-labelledby="agent-title">
      <h1 id="agent-title">{d.agent.name}</h1>
      <p data-testid="agent-description">{d.agent.description}</p>
      <p class="muted">
        {d.agent.kind} agent, policy “{d.agent.policy}”{d.agent.isBuiltIn ? ", built in" : ""}.
      </p>
      <Stats
        items={{
          Rating: Math.round(r.rating),
          "Likely range": `${Math.round(r.rating - 2 * r.deviation)}–${Math.round(r.rating + 2 * r.deviation)}`,
          Games: r.games,
          Wins: r.wins,
          Streak: r.currentStreak,
        }}
      />
      <h2>Matches</h2>
      <Problem text={matches.error} />
      {matches.value && <History items={matches.value.items} self={id} />}
    </section>
  );
}
