// Reads a chaos run (the load tool's JSON report and the faults injected, both timed from the
// opening of the measured window) and prints, per round, what the players saw: the slowest Fire
// acknowledged after the fault, how long throughput stayed under 90 % of what it was before, and
// the calls that failed. Writes the whole as JSON and exits non-zero when an invariant broke.
// Usage: node ops/chaos/report.mjs EXPERIMENT LOAD_REPORT EVENTS OUT
import { readFileSync, writeFileSync } from "node:fs";

const [experiment, loadPath, eventsPath, outPath] = process.argv.slice(2);
const load = JSON.parse(readFileSync(loadPath, "utf8"));
const events = JSON.parse(readFileSync(eventsPath, "utf8"));
const points = load.timeline; // one a second: cumulative fires and errors, this second's p99 and max
const rate = points.map((p, i) => ({ s: p.seconds, fires: p.fires - (i ? points[i - 1].fires : 0), max: p.fireMaxMs, errors: p.errors }));
const Horizon = 20; // seconds after a fault that belong to it

const rounds = events.map((e) => {
  const before = rate.filter((p) => p.s > e.at - 10 && p.s <= e.at);
  const after = rate.filter((p) => p.s > e.at && p.s <= e.at + Horizon);
  const baseline = before.reduce((sum, p) => sum + p.fires, 0) / Math.max(1, before.length);
  const low = after.filter((p) => p.fires < 0.9 * baseline);
  const lastLow = low.length ? low[low.length - 1].s : e.at;
  const errorsBefore = before.length ? before[before.length - 1].errors : 0;
  return {
    ...e,
    firesPerSecondBefore: Math.round(baseline),
    slowestFireMs: Math.round(Math.max(0, ...after.map((p) => p.max))),
    secondsBelow90Percent: Math.max(0, Math.round(lastLow - e.at)),
    lowestFiresPerSecond: Math.min(...after.map((p) => p.fires)),
    errors: (after.length ? after[after.length - 1].errors : errorsBefore) - errorsBefore,
  };
});

const lost = load.replay?.lostShots ?? null;
const errorCodes = load.errors ?? {};
const badCodes = Object.keys(errorCodes).filter((c) => c !== "Unavailable");
const report = {
  experiment,
  at: load.at,
  loadAverageBefore: load.loadAverageBefore,
  players: load.players,
  pace: load.pace,
  acknowledgedFires: load.acknowledgedFires,
  replay: load.replay,
  errors: errorCodes,
  cpu: load.cpu,
  rounds,
  worst: {
    slowestFireMs: Math.max(...rounds.map((r) => r.slowestFireMs)),
    secondsBelow90Percent: Math.max(...rounds.map((r) => r.secondsBelow90Percent)),
  },
  invariantsHeld: lost === 0 && (load.replay?.unreadableReplays ?? 0) === 0 && badCodes.length === 0,
};
writeFileSync(outPath, JSON.stringify(report, null, 2));

const pad = (v, n) => String(v).padStart(n);
console.log(`\n${experiment}: ${rounds.length} rounds, ${load.players} players at ${load.pace} shot/s (load average before ${load.loadAverageBefore})`);
console.log(" round | fault            | at (s) | Fires/s before | lowest | s below 90 % | slowest Fire ms | errors");
for (const r of rounds) {
  console.log(
    `${pad(r.round, 6)} | ${r.fault.padEnd(16)} | ${pad(r.at, 6)} | ${pad(r.firesPerSecondBefore, 14)} | ${pad(r.lowestFiresPerSecond, 6)} | ${pad(r.secondsBelow90Percent, 12)} | ${pad(r.slowestFireMs, 15)} | ${pad(r.errors, 6)}`,
  );
}
console.log(`worst: slowest Fire ${report.worst.slowestFireMs} ms, ${report.worst.secondsBelow90Percent} s below 90 %`);
console.log(`acknowledged shots lost: ${lost} (of ${load.replay?.checkedShots ?? "?"}; unreadable replays ${load.replay?.unreadableReplays ?? "?"}); errors: ${JSON.stringify(errorCodes)}`);
console.log(`report: ${outPath}`);
if (!report.invariantsHeld) {
  console.error("an invariant broke: acknowledged shots lost, or an error other than Unavailable");
  process.exit(1);
}
