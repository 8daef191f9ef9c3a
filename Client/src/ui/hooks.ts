import { useEffect, useState } from "preact/hooks";
import type { Store } from "../stores/store";
import { getServices } from "../services";

/** The store's value, re-rendering on change. */
export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.value);
  useEffect(() => {
    setValue(store.value);
    return store.subscribe(setValue);
  }, [store]);
  return value;
}

/** Loads data once per key; exposes the value, an error sentence and a reload. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{
    value?: T;
    error?: string;
    errorValue?: unknown;
    loading: boolean;
  }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => live && setState({ value, loading: false }),
      (e: unknown) =>
        live &&
        setState({
          error: e instanceof Error ? e.message : String(e),
          errorValue: e,
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** The current time, ticking every `ms` (for the turn clock). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** A hub's connection state, live. */
export function useConnection(hub: "lobby" | "match"): string {
  const { hubs } = getServices();
  const [state, setState] = useState<string>(hubs.state(hub));
  useEffect(() => hubs.on("connection", (c) => c.hub === hub && setState(c.state)), [hubs, hub]);
  return state;
}
