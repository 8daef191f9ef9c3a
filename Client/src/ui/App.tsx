import { useEffect } from "preact/hooks";
import { getServices } from "../services";
import { useStore } from "./hooks";
import { matchRoute, navigate, onLinkClick, route } from "./router";
import { SignIn } from "./views/signin/SignIn";
import { Lobby } from "./views/lobby/Lobby";
import { Room } from "./views/room/Room";
import { Match } from "./views/match/Match";
import { Replay } from "./views/replay/Replay";
import { Ladder } from "./views/ladder/Ladder";
import { Live } from "./views/live/Live";
import { AgentView } from "./views/agent/Agent";
import { Profile } from "./views/profile/Profile";
import { TrainingJobView } from "./views/training/TrainingJobView";
import { TrainingList } from "./views/training/TrainingList";

export function App() {
  const { session, hubs } = getServices();
  const state = useStore(session.state);
  const path = useStore(route);

  useEffect(() => {
    document.addEventListener("click", onLinkClick);
    return () => document.removeEventListener("click", onLinkClick);
  }, []);

  const signOut = async () => {
    await hubs.stop();
    await session.signOut();
    navigate("/");
  };

  return (
    <div class="app">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a href="/" class="brand">
          ⚓ Battleship
        </a>
        {state.status === "signed-in" && (
          <nav aria-label="Main">
            <a href="/" aria-current={path === "/" ? "page" : undefined}>
              Lobby
            </a>
            <a href="/live" aria-current={path === "/live" ? "page" : undefined}>
              Live
            </a>
            <a href="/ladder" aria-current={path === "/ladder" ? "page" : undefined}>
              Ladder
            </a>
            <a href="/training" aria-current={path.startsWith("/training") ? "page" : undefined}>
              Training
            </a>
            <a href="/profile" aria-current={path === "/profile" ? "page" : undefined}>
              {state.displayName ?? "Profile"}
            </a>
            <button type="button" class="link" onClick={signOut}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main">{state.status === "signed-in" ? <Routes path={path} /> : <SignIn />}</main>
    </div>
  );
}

function Routes({ path }: { path: string }) {
  let p: Record<string, string> | null;
  if ((p = matchRoute("/rooms/:id", path))) return <Room id={p.id!} key={p.id} />;
  if ((p = matchRoute("/match/:id", path))) return <Match id={p.id!} key={p.id} />;
  if ((p = matchRoute("/replay/:id", path))) return <Replay id={p.id!} key={p.id} />;
  if ((p = matchRoute("/agents/:id", path))) return <AgentView id={p.id!} key={p.id} />;
  if ((p = matchRoute("/users/:id", path))) return <Profile id={p.id!} key={p.id} />;
  if ((p = matchRoute("/training/:id", path))) return <TrainingJobView id={p.id!} key={p.id} />;
  if (matchRoute("/training", path)) return <TrainingList />;
  if (matchRoute("/profile", path)) return <Profile />;
  if (matchRoute("/ladder", path)) return <Ladder />;
  if (matchRoute("/live", path)) return <Live />;
  if (matchRoute("/", path)) return <Lobby />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at {path}. <a href="/">Back to the lobby</a>
      </p>
    </section>
  );
}
