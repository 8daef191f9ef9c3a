#!/usr/bin/env node
// Checks the matches of a run against the gateway's replays: node check-matches.js MATCH_LOG [TARGET]
// MATCH_LOG is the file the run wrote with VS_AGENT_MATCH_LOG=MATCH_LOG (processor.js); TARGET
// defaults to http://127.0.0.1:5280. For each match it reads GET /api/matches/{id}/replay with the
// player's token and checks that the match is over (won by a side, or resigned when the run ended
// it) and that the replay holds every shot the player sent. Exit code 1 when one does not.
'use strict';

const fs = require('node:fs');

async function main() {
  const [logPath, target = 'http://127.0.0.1:5280'] = process.argv.slice(2);
  if (!logPath) {
    console.error('usage: node check-matches.js MATCH_LOG [TARGET]');
    process.exit(2);
  }
  const base = target.replace(/\/+$/, '');
  const matches = fs
    .readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  const tally = { matches: matches.length, won: 0, resigned: 0, userShots: 0, moves: 0, bad: 0 };
  for (const m of matches) {
    const response = await fetch(`${base}/api/matches/${m.matchId}/replay`, {
      headers: { authorization: `Bearer ${m.token}` },
    });
    const problems = [];
    let replay = null;
    if (!response.ok) {
      problems.push(`HTTP ${response.status}`);
    } else {
      replay = await response.json();
      const userShots = replay.moves.filter((move) => move.player === 0 && move.kind === 'Shot').length;
      tally.userShots += userShots;
      tally.moves += replay.moves.length;
      if (replay.status !== 'Finished') {
        problems.push(`status ${replay.status}`);
      }
      const expectedReason = m.outcome === 'finished' ? 'Win' : 'Resign';
      if (replay.endReason !== expectedReason) {
        problems.push(`endReason ${replay.endReason}, expected ${expectedReason}`);
      }
      if (userShots !== m.shots) {
        problems.push(`${userShots} shots of the player in the replay, ${m.shots} sent`);
      }
      if (replay.endReason === 'Win') {
        tally.won++;
      } else if (replay.endReason === 'Resign') {
        tally.resigned++;
      }
    }
    if (problems.length > 0) {
      tally.bad++;
      console.log(`${m.matchId} (${m.player}): ${problems.join('; ')}`);
    }
  }
  console.log(JSON.stringify(tally));
  process.exit(tally.bad === 0 && tally.matches > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
