// Artillery processor for vs-agent.yml: load scenario (a), "player vs agent, closed loop", the same
// scenario as ops/load/scenarios/vs-agent.json played by tests/Load (VersusAgentScenario). One call
// of playVsAgent is one virtual user, i.e. one player:
//   sign in (POST /auth/dev-token), open /hubs/match (SignalR, JSON, WebSockets without negotiation),
//   then until its time is up: POST /api/matches against the agent, JoinMatch, PlaceFleet(null),
//   fire at the cells of a shuffled 0..99 order as soon as it is its turn (the Fire answer says so,
//   or the ShotFired of the agent's shot), until the match ends; LeaveMatch; the next match.
//   At the end it resigns the unfinished match, leaves it and closes the connection.
//
// Variables (config.variables, or --variables '{"seconds": 20}'):
//   seconds        measured playing time of each player
//   warmupSeconds  playing time before that, not measured (errors are counted throughout)
//   agentId, turnSeconds   the match to create
//
// Metrics (Artillery's report prints them with the built-in ones):
//   fire_ms        histogram: Fire invoked → its answer (acknowledged Fires), ms
//   shot_fired_ms  histogram: Fire invoked → the ShotFired event of that shot at this connection, ms
//   vs_agent.fires_acked          counter: acknowledged Fires
//   vs_agent.matches_started / matches_finished / matches_resigned   counters
//   vs_agent.errors, vs_agent.errors.<step>.<code>   counters: failed calls (a failed step ends that match)
'use strict';

const signalR = require('@microsoft/signalr');
const { performance } = require('node:perf_hooks');
const { threadId } = require('node:worker_threads');
const fs = require('node:fs');

const SEAT = 0; // youFirst: the user is player one
const CELLS = 100;
const RETRY_AFTER_FAILED_START_MS = 200; // as tests/Load: a failed match start is counted, not spun on

let playersInThisWorker = 0;
let cpuWindowTaken = false;

// VS_AGENT_MATCH_LOG=FILE: one JSON line per match played ({player, matchId, outcome, shots, token}),
// to look the matches up afterwards (GET /api/matches/{id}/replay with that token). Off by default.
const matchLog = process.env.VS_AGENT_MATCH_LOG;

/** One player's hub connection and what it knows about the match it follows (newest turn wins). */
class Player {
  constructor(events) {
    this.events = events;
    this.matchId = null;
    this.turn = -1;
    this.next = null; // the seat whose turn it is; null when nobody's (not started, or over)
    this.ended = false;
    this.stopped = false;
    this.closed = false; // the connection was lost
    this.wake = null; // resolves the pending waitForTurn
    this.sentAt = new Float64Array(CELLS); // when this match's shot at each cell was sent (0: none pending)
    this.measuring = () => false; // whether the measured window is open
    this.hub = null;
  }

  async connect(baseUrl, token) {
    const hub = new signalR.HubConnectionBuilder()
      .withUrl(`${baseUrl}/hubs/match`, {
        accessTokenFactory: () => token,
        skipNegotiation: true,
        transport: signalR.HttpTransportType.WebSockets,
      })
      .configureLogging(signalR.LogLevel.Error)
      .build();
    hub.on('ShotFired', (e) => this.onShotFired(e));
    hub.on('MatchStarted', (e) => this.observe(e.matchId, e.turnNumber, e.currentPlayer, false));
    hub.on('MatchEnded', (e) => this.observe(e.matchId, e.turnNumber ?? this.turn, null, true));
    hub.on('ViewUpdated', (v) => this.observeView(v));
    hub.on('FleetPlaced', () => {});
    hub.on('ChatPosted', () => {});
    hub.onclose(() => {
      this.closed = true;
      this.signal();
    });
    await hub.start();
    this.hub = hub;
  }

  /** Follows a new match: JoinMatch. */
  async join(matchId) {
    this.matchId = matchId;
    this.turn = -1;
    this.next = null;
    this.ended = false;
    this.sentAt.fill(0);
    this.observeView(await this.hub.invoke('JoinMatch', matchId));
  }

  async placeFleet(matchId) {
    this.observeView(await this.hub.invoke('PlaceFleet', matchId, null));
  }

  /** Resolves with the turn number when it is this player's turn, or -1 when the match is over or the time is up. */
  async waitForTurn() {
    for (;;) {
      if (this.ended || this.stopped || this.closed) {
        return -1;
      }
      if (this.next === SEAT) {
        return this.turn;
      }
      await new Promise((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Fires; records the acknowledgement's latency when measuring. False when the match is over. */
  async fire(matchId, cell, turn) {
    const sentAt = performance.now();
    this.sentAt[cell] = sentAt;
    const answer = await this.hub.invoke('Fire', matchId, cell, turn);
    if (this.measuring()) {
      this.events.emit('histogram', 'fire_ms', performance.now() - sentAt);
      this.events.emit('counter', 'vs_agent.fires_acked', 1);
    }
    const finished = answer.status === 'Finished';
    this.observe(matchId, answer.turnNumber, answer.nextPlayer, finished);
    return !finished;
  }

  onShotFired(e) {
    if (e.matchId !== this.matchId) {
      return;
    }
    const shot = e.shot;
    if (shot && shot.player === SEAT) {
      const sentAt = this.sentAt[shot.cell];
      if (sentAt > 0) {
        this.sentAt[shot.cell] = 0;
        if (this.measuring()) {
          this.events.emit('histogram', 'shot_fired_ms', performance.now() - sentAt);
        }
      }
    }
    this.observe(e.matchId, e.turnNumber, e.nextPlayer, e.nextPlayer === null || e.nextPlayer === undefined);
  }

  observeView(v) {
    this.observe(v.matchId, v.turnNumber, v.currentPlayer, v.status === 'Finished');
  }

  observe(matchId, turn, next, ended) {
    if (matchId !== this.matchId || turn < this.turn) {
      return;
    }
    this.turn = turn;
    this.next = ended ? null : next;
    this.ended = this.ended || ended;
    this.signal();
  }

  signal() {
    const wake = this.wake;
    if (wake !== null) {
      this.wake = null;
      wake();
    }
  }

  stop() {
    this.stopped = true;
    this.signal();
  }
}

async function postJson(url, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const error = new Error(`POST ${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
    error.code = `http_${response.status}`;
    throw error;
  }
  return response.json();
}

/** What went wrong, for the counter's name: the gateway's code of a hub error ("GameOver"), http_<status>, ECONNREFUSED, … */
function errorCode(e) {
  const hub = /HubException: (\w+):/.exec(e && e.message ? e.message : '');
  if (hub) {
    return hub[1];
  }
  return String((e && (e.code || (e.cause && e.cause.code) || e.name)) || 'Error').replace(/[^\w-]/g, '_');
}

/** A shuffled order of the cells 0..99 (Fisher–Yates). */
function shotOrder() {
  const cells = Array.from({ length: CELLS }, (_, i) => i);
  for (let i = CELLS - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const c = cells[i];
    cells[i] = cells[j];
    cells[j] = c;
  }
  return cells;
}

function number(value, name) {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`variable ${name} must be a number ≥ 0, not ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * The CPU time of this whole Artillery process (every thread: the main one, the worker threads that
 * run the virtual users, libuv's) over the measured window of the first player of this worker —
 * the window tests/Load takes its own CPU over. With warmupSeconds ≥ 2 every player has arrived and
 * connected before the window opens (they all arrive within the first second), so it holds only
 * steady play. process.cpuUsage() is process-wide (getrusage), so where Artillery runs several
 * workers each reports the same process's CPU over nearly the same window: read one, don't add them.
 */
function measureProcessCpu(events, warmupSeconds, seconds) {
  let start;
  let startedAt;
  const open = setTimeout(() => {
    start = process.cpuUsage();
    startedAt = performance.now();
    const close = setTimeout(() => {
      const used = process.cpuUsage(start);
      const wallMs = performance.now() - startedAt;
      const cpuMs = (used.user + used.system) / 1000;
      events.emit('histogram', 'artillery_cpu.window_ms', wallMs);
      events.emit('histogram', 'artillery_cpu.user_ms', used.user / 1000);
      events.emit('histogram', 'artillery_cpu.system_ms', used.system / 1000);
      events.emit('histogram', 'artillery_cpu.total_ms', cpuMs);
      console.log(
        `artillery process CPU over the measured ${(wallMs / 1000).toFixed(1)} s (worker thread ${threadId}): ` +
          `user ${(used.user / 1e6).toFixed(2)} s, system ${(used.system / 1e6).toFixed(2)} s, ` +
          `${(cpuMs / wallMs).toFixed(3)} cores`
      );
    }, seconds * 1000);
    close.unref();
  }, warmupSeconds * 1000);
  open.unref();
}

/** The scenario's one step: a player's whole session (see the top of this file). */
async function playVsAgent(context, events) {
  const vars = context.vars;
  const baseUrl = String(vars.target).replace(/\/+$/, '');
  const seconds = number(vars.seconds, 'seconds');
  const warmupSeconds = number(vars.warmupSeconds ?? 0, 'warmupSeconds');
  const agentId = vars.agentId;
  const turnSeconds = number(vars.turnSeconds, 'turnSeconds');
  const name = `load player ${threadId}-${playersInThisWorker++}`;

  const failed = (step, e) => {
    events.emit('counter', 'vs_agent.errors', 1);
    events.emit('counter', `vs_agent.errors.${step}.${errorCode(e)}`, 1);
    if (process.env.VS_AGENT_DEBUG) {
      console.error(`${name}: ${step}: ${e && e.stack ? e.stack : e}`);
    }
  };

  // Signing in and connecting come before the player's clock starts (tests/Load opens every
  // connection before it starts playing); when they fail the virtual user fails.
  events.emit('counter', 'vs_agent.errors', 0); // so that the report shows the count even when it is 0
  const player = new Player(events);
  let token;
  try {
    token = (await postJson(`${baseUrl}/auth/dev-token`, { displayName: name })).accessToken;
    await player.connect(baseUrl, token);
  } catch (e) {
    failed('connect', e);
    throw e;
  }

  const measureFrom = performance.now() + warmupSeconds * 1000;
  player.measuring = () => performance.now() >= measureFrom;
  const timer = setTimeout(() => player.stop(), (warmupSeconds + seconds) * 1000);
  if (!cpuWindowTaken) {
    cpuWindowTaken = true;
    measureProcessCpu(events, warmupSeconds, seconds);
  }

  try {
    while (!player.stopped) {
      if (player.closed) {
        // The connection is gone (the gateway closed it or went away): this player cannot go on.
        const lost = new Error('the hub connection was closed');
        lost.code = 'closed';
        failed('connection', lost);
        throw lost;
      }
      let matchId = null;
      let started = false;
      try {
        const view = await postJson(
          `${baseUrl}/api/matches`,
          { agentId, youFirst: true, turnSeconds },
          token
        );
        matchId = view.matchId;
        events.emit('counter', 'vs_agent.matches_started', 1);
        await player.join(matchId);
        await player.placeFleet(matchId);
        started = true;
      } catch (e) {
        failed(matchId === null ? 'create_match' : 'join_or_place', e);
        if (matchId === null) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_FAILED_START_MS));
          continue;
        }
      }

      const order = shotOrder();
      let next = 0;
      let outcome = 'finished';
      try {
        while (started && next < CELLS) {
          const turn = await player.waitForTurn();
          if (turn < 0) {
            break;
          }
          if (!(await player.fire(matchId, order[next++], turn))) {
            break;
          }
        }
      } catch (e) {
        failed('fire', e);
      }

      if (player.ended) {
        events.emit('counter', 'vs_agent.matches_finished', 1);
      } else if (player.closed) {
        outcome = 'connection_lost';
      } else {
        outcome = 'resigned';
        try {
          await player.hub.invoke('Resign', matchId);
          events.emit('counter', 'vs_agent.matches_resigned', 1);
        } catch (e) {
          if (errorCode(e) === 'GameOver') {
            // The time ran out while the match was ending (the agent's last shot was on its way): it
            // is over, just not yet known here. That is no failure.
            outcome = 'finished';
            events.emit('counter', 'vs_agent.matches_finished', 1);
          } else {
            failed('resign', e);
          }
        }
      }
      if (matchLog) {
        fs.appendFileSync(matchLog, JSON.stringify({ player: name, matchId, outcome, shots: next, token }) + '\n');
      }
      player.matchId = null;
      if (!player.closed) {
        try {
          await player.hub.invoke('LeaveMatch', matchId);
        } catch (e) {
          failed('leave', e);
        }
      }
    }
  } finally {
    clearTimeout(timer);
    await player.hub.stop().catch((e) => failed('close', e));
  }
}

module.exports = { playVsAgent };
