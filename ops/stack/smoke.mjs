// A deployment's smoke test: through URL (a load balancer or one gateway whose local issuer is
// enabled), sign in, play a whole match against the built-in Random agent over SignalR, then read the
// match's replay and check that it holds every shot the hub acknowledged.
//   node ops/stack/smoke.mjs http://127.0.0.1:8000 [--wait SECONDS]
// Exit code 0 when all of that held; 1 with the reason otherwise. Uses the web client's
// @microsoft/signalr (Client/node_modules: `make web-build` or `npm ci` in Client/ installs it).
import { createRequire } from "node:module";
import { setTimeout as delay } from "node:timers/promises";

const require = createRequire(
    new URL("../../Client/package.json", import.meta.url),
);
const signalR = require("@microsoft/signalr");

const RANDOM_AGENT = "00000000-0000-4000-a000-000000000001";
const [base, ...rest] = process.argv.slice(2);
const waitSeconds = rest[0] === "--wait" ? Number(rest[1]) : 120;
if (!base || !Number.isFinite(waitSeconds)) {
    console.error("usage: node ops/stack/smoke.mjs URL [--wait SECONDS]");
    process.exit(2);
}
const url = base.replace(/\/+$/, "");
const log = (message) => console.log(`[smoke] ${message}`);

async function request(method, path, token, body) {
    const response = await fetch(url + path, {
        method,
        headers: {
            ...(body === undefined
                ? {}
                : { "Content-Type": "application/json" }),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
        throw new Error(
            `${method} ${path}: ${response.status} ${text.slice(0, 300)}`,
        );
    return text ? JSON.parse(text) : undefined;
}

async function waitUntilReady() {
    const deadline = Date.now() + waitSeconds * 1000;
    let last = "no answer";
    while (Date.now() < deadline) {
        try {
            const response = await fetch(`${url}/health/ready`);
            if (response.ok) return;
            last = `${response.status}`;
        } catch (e) {
            last = e.cause?.code ?? e.message;
        }
        await delay(1000);
    }
    throw new Error(
        `${url}/health/ready not ready after ${waitSeconds} s (${last})`,
    );
}

async function main() {
    const started = Date.now();
    await waitUntilReady();
    log(`ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const { accessToken } = await request(
        "POST",
        "/auth/dev-token",
        undefined,
        { displayName: "smoke" },
    );
    const me = await request("GET", "/api/me", accessToken);
    log(`signed in as ${me.displayName}`);

    const hub = new signalR.HubConnectionBuilder()
        // As the web client connects: WebSockets straight away, so no sticky sessions are needed behind
    // a load balancer (negotiation and the connection could otherwise reach different gateways).
    .withUrl(`${url}/hubs/match`, {
      accessTokenFactory: () => accessToken,
      skipNegotiation: true,
      transport: signalR.HttpTransportType.WebSockets,
    })
        .configureLogging(signalR.LogLevel.Warning)
        .build();
    // What the match says about whose turn it is; every event and answer moves it forward only.
    const state = { turn: -1, next: null, finished: false, waiters: [] };
    const observe = (turn, next, finished) => {
        if (turn < state.turn) return;
        state.turn = turn;
        state.next = next ?? null;
        state.finished ||= finished;
        state.waiters.splice(0).forEach((resolve) => resolve());
    };
    const changed = () => new Promise((resolve) => state.waiters.push(resolve));
    hub.on("ShotFired", (e) => observe(e.turnNumber, e.nextPlayer, false));
    hub.on("MatchStarted", (e) =>
        observe(e.turnNumber, e.currentPlayer, false),
    );
    hub.on("MatchEnded", (e) => observe(e.turnNumber, null, true));
    hub.on("ViewUpdated", (v) =>
        observe(v.turnNumber, v.currentPlayer, v.status === "Finished"),
    );
    for (const ignored of ["FleetPlaced", "ChatPosted"])
        hub.on(ignored, () => {});
    await hub.start();

    const created = await request("POST", "/api/matches", accessToken, {
        agentId: RANDOM_AGENT,
        youFirst: true,
    });
    const matchId = created.matchId;
    const joined = await hub.invoke("JoinMatch", matchId);
    const seat = joined.role === "PlayerOne" ? 0 : 1;
    observe(
        joined.turnNumber,
        joined.currentPlayer,
        joined.status === "Finished",
    );
    observe(...viewState(await hub.invoke("PlaceFleet", matchId, null)));
    log(`match ${matchId}: fleet placed, seat ${seat}`);

    const acknowledged = [];
    for (let cell = 0; cell < 100 && !state.finished;) {
        if (state.next !== seat) {
            await Promise.race([
                changed(),
                delay(30_000).then(() =>
                    Promise.reject(new Error("no turn for 30 s")),
                ),
            ]);
            continue;
        }
        const answer = await hub.invoke("Fire", matchId, cell++, state.turn);
        acknowledged.push(answer.shot);
        observe(
            answer.turnNumber,
            answer.nextPlayer,
            answer.status === "Finished",
        );
    }
    await hub.stop();
    if (!state.finished)
        throw new Error(
            `the match did not end after ${acknowledged.length} shots`,
        );
    log(`match over after ${acknowledged.length} shots of ours`);

    const replay = await request(
        "GET",
        `/api/matches/${matchId}/replay`,
        accessToken,
    );
    const ours = replay.moves.filter((m) => m.shot && m.player === seat);
    const missing = acknowledged.filter(
        (s) =>
            !ours.some(
                (m) =>
                    m.shot.cell === s.cell &&
                    m.shot.turnNumber === s.turnNumber &&
                    m.shot.outcome === s.outcome,
            ),
    );
    if (replay.status !== "Finished")
        throw new Error(`replay status ${replay.status}, not Finished`);
    if (missing.length > 0 || ours.length !== acknowledged.length)
        throw new Error(
            `replay holds ${ours.length} of our shots, ${acknowledged.length} acknowledged (${missing.length} missing)`,
        );
    log(
        `replay: ${replay.moves.length} moves, all ${acknowledged.length} acknowledged shots of ours in it`,
    );
    log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function viewState(view) {
    return [view.turnNumber, view.currentPlayer, view.status === "Finished"];
}

main().catch((e) => {
    console.error(`[smoke] failed: ${e.message}`);
    process.exit(1);
});
