// Reads a chaos run (the load tool's JSON report, the faults injected timed from the opening of
// the measured window, and the database's checks) and prints, per round, what the players saw:
// the slowest Fire acknowledged during the fault and the 20 s after it, how long throughput stayed
// under 90 % of what it was before, and the calls retried or failed. Writes the whole as JSON and
// exits non-zero when an invariant broke.
// Usage: node ops/chaos/report.mjs EXPERIMENT LOAD_REPORT EVENTS DB_CHECK OUT
import { readFileSync, writeFileSync } from "node:fs";

const [experiment, loadPath, eventsPath, dbPath, outPath] = process.argv.slice(2);
const load = JSON.parse(readFileSync(loadPath, "utf8"));
const events = JSON.parse(readFileSync(eventsPath, "utf8"));
const db = JSON.parse(readFileSync(dbPath, "utf8"));
const points = load.timeline; // one a second: cumulative fires and errors, this second's p99 and max
const rate = points.map((p, i) => ({ s: p.seconds, fires: p.fires - (i ? points[i - 1].fires : 0), max: p.fireMaxMs, errors: p.errors }));
const Horizon = 20; // seconds after a fault's end that still belong to it
const RestartDelay = 5; // seconds after which the supervisor restarts a process that exited (hosts.sh)
// Retrying these is what a client should do; any other retried code, or any failed call, breaks the run.
const RetriedAsDesigned = ["Unavailable", "ConnectionLost", "Http502", "Http504", "Resynced"];

const rounds = events.map((e, i) => {
  const next = i + 1 < events.length ? events[i + 1].at : Infinity; // the next fault's window starts there
  const before = rate.filter((p) => p.s > e.at - 10 && p.s <= e.at);
  const after = rate.filter((p) => p.s > e.at && p.s <= Math.min(e.until + Horizon, next));
  const baseline = before.reduce((sum, p) => sum + p.fires, 0) / Math.max(1, before.length);
  // Throughput is measured back from the fault's start (a kill, a hang or a cut is survived by
  // the rest of the cluster while it lasts) or, for a stopped database, from its return.
  const from = e.fault.startsWith("PostgreSQL") ? e.until : e.at;
  const low = after.filter((p) => p.s > from && p.fires < 0.9 * baseline);
  // Back: the first second, after the dip, at 90 % or more again (a later dip, such as the
  // restarted silo joining, counts in secondsBelow90Percent but not here).
  // The fault's own dip starts within RestartDelay of it; a dip that starts later is the restarted
  // process joining (the supervisor restarts it 5 s after it exits) and counts only below.
  const firstLow = after.find((p) => p.s > from && p.s <= from + RestartDelay && p.fires < 0.9 * baseline);
  const back = firstLow ? after.find((p) => p.s > firstLow.s && p.fires >= 0.9 * baseline) : null;
  const errorsBefore = before.length ? before[before.length - 1].errors : 0;
  return {
    ...e,
    firesPerSecondBefore: Math.round(baseline),
    slowestFireMs: Math.round(Math.max(0, ...after.map((p) => p.max))),
    secondsBelow90Percent: low.length,
    secondsUntilBackTo90Percent: firstLow ? (back ? Math.max(0, Math.round(back.s - from)) : null) : 0,
    lowestFiresPerSecond: Math.min(...after.map((p) => p.fires)),
    errors: (after.length ? after[after.length - 1].errors : errorsBefore) - errorsBefore,
  };
});

const replay = load.replay ?? {};
const errorCodes = load.errors ?? {};
const retries = load.retries ?? {};
const badRetries = Object.keys(retries).filter((c) => !RetriedAsDesigned.includes(c));
const broken = [];
if (replay.lostShots !== 0) broken.push(`${replay.lostShots} acknowledged shots lost`);
if (replay.unreadableReplays !== 0) broken.push(`${replay.unreadableReplays} replays unreadable`);
if (replay.duplicateMoves !== 0) broken.push(`${replay.duplicateMoves} moves in a replay twice`);
if (replay.unfinishedMatches !== 0) broken.push(`${replay.unfinishedMatches} matches not over`);
if (Object.keys(errorCodes).length > 0) broken.push(`failed calls: ${JSON.stringify(errorCodes)}`);
if (badRetries.length > 0) broken.push(`calls retried after ${badRetries.join(", ")}`);
if (db.matchesNotArchived !== 0) broken.push(`${db.matchesNotArchived} matches not archived`);
if (db.ratedMatchesWithoutTwoRatingChanges !== 0) broken.push(`${db.ratedMatchesWithoutTwoRatingChanges} rated matches without exactly two rating changes`);
if (db.ratingsWhoseGamesDifferFromTheirChanges !== 0) broken.push(`${db.ratingsWhoseGamesDifferFromTheirChanges} ratings whose games differ from their changes`);
if (db.training) {
  if (db.training.status === "Failed") broken.push(`the training job failed: ${db.training.error}`);
  if (db.training.secondsUntilProgressAfterEachKill.some((s) => s === null)) broken.push("the training job made no progress after a kill");
}
const report = {
  experiment,
  at: load.at,
  loadAverageBefore: load.loadAverageBefore,
  players: load.players,
  pace: load.pace,
  acknowledgedFires: load.acknowledgedFires,
  replay,
  errors: errorCodes,
  retries,
  database: db,
  cpu: load.cpu,
  rounds,
  worst: {
    slowestFireMs: Math.max(...rounds.map((r) => r.slowestFireMs)),
    secondsBelow90Percent: Math.max(...rounds.map((r) => r.secondsBelow90Percent)),
    secondsUntilBackTo90Percent: Math.max(...rounds.map((r) => r.secondsUntilBackTo90Percent ?? Infinity)),
  },
  broken,
  invariantsHeld: broken.length === 0,
};
writeFileSync(outPath, JSON.stringify(report, null, 2));

const pad = (v, n) => String(v).padStart(n);
console.log(`\n${experiment}: ${rounds.length} faults, ${load.players} players at ${load.pace} shot/s (load average before ${load.loadAverageBefore})`);
console.log(" round | fault                          | at (s) | Fires/s before | lowest | back to 90 % (s) | s below 90 % | slowest Fire ms");
for (const r of rounds) {
  console.log(
    `${pad(r.round, 6)} | ${r.fault.padEnd(30)} | ${pad(r.at, 6)} | ${pad(r.firesPerSecondBefore, 14)} | ${pad(r.lowestFiresPerSecond, 6)} | ${pad(r.secondsUntilBackTo90Percent ?? "never", 16)} | ${pad(r.secondsBelow90Percent, 12)} | ${pad(r.slowestFireMs, 15)}`,
  );
}
console.log(
  `worst: slowest Fire ${report.worst.slowestFireMs} ms, back to 90 % after ${report.worst.secondsUntilBackTo90Percent} s, ${report.worst.secondsBelow90Percent} s below 90 %`,
);
console.log(
  `replays: ${replay.checkedShots} acknowledged shots in ${replay.matches} matches, lost ${replay.lostShots}, duplicated ${replay.duplicateMoves}, unfinished ${replay.unfinishedMatches}`,
);
console.log(
  `database: ${db.matchesArchived} of ${db.matchesPlayed} matches archived, ${db.ratedMatchesWithoutTwoRatingChanges} rated without two rating changes, ${db.ratingsWhoseGamesDifferFromTheirChanges} ratings off; ${db.restarts} processes restarted`,
);
if (db.training) {
  console.log(
    `training job: ${db.training.status}, ${db.training.steps} steps; progress again ${db.training.secondsUntilProgressAfterEachKill.join(", ")} s after each kill`,
  );
}
console.log(`retried calls: ${JSON.stringify(retries)}; failed calls: ${JSON.stringify(errorCodes)}`);
console.log(`report: ${outPath}`);
if (broken.length > 0) {
  console.error(`an invariant broke: ${broken.join("; ")}`);
  process.exit(1);
}
