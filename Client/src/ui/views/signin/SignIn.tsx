import { useState } from "preact/hooks";
import { getServices } from "../../../services";
import { useStore } from "../../hooks";
import { Problem } from "../../components/Problem";
import { TextField } from "../../components/TextField";
import { Fields } from "../../fields";

export function SignIn() {
  const { session, config } = getServices();
  const state = useStore(session.state);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  if (config.authMode === "auth0") {
    return (
      <section class="signin">
        <h1>Sign in to play</h1>
        <button
          type="button"
          onClick={() => session.signInAuth0().catch((e: Error) => setError(e.message))}
        >
          Sign in
        </button>
        <Problem text={error ?? state.error} />
      </section>
    );
  }
  if (config.authMode === "none") {
    return <Problem text="This server has no sign-in configured." />;
  }
  return (
    <section class="signin">
      <h1>Battleship</h1>
      <p>Choose a name to play under. (This server signs you in locally, for development.)</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          session.signInLocal(name.trim()).catch((err: Error) => setError(err.message));
        }}
      >
        <TextField
          {...Fields.signInName}
          name="displayName"
          autoComplete="nickname"
          required
          value={name}
          onValue={setName}
        />
        <button type="submit" disabled={state.status === "signing-in" || !name.trim()}>
          Sign in
        </button>
      </form>
      <Problem text={error ?? state.error} />
    </section>
  );
}
