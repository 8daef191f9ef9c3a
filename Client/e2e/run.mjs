// End-to-end scenarios against a running stack (PostgreSQL, silo, gateway serving the built
// client): sign in; two players create and join a room, place fleets and play to the end while a
// spectator who found the match on the Live page watches (and never sees a ship before the end);
// replay the match; play against an AI agent to the end; the profile's recent games link to
// replays. Screenshots of each step go to artifacts/e2e (and on failure).
// Usage: BASE_URL=http://127.0.0.1:5181 node e2e/run.mjs
import { chromium } from "playwright-core";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { check, finished, fireAtWater, historyTurns, inViewport, lastShotMarks } from "./pages.mjs";
import { audit, reportAudits } from "./a11y.mjs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:5181";
const browserPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const out = path.resolve(process.env.E2E_ARTIFACTS ?? "../artifacts/e2e");
const stepTimeout = 15_000;
const otlpPort = Number(process.env.E2E_OTLP_PORT ?? 0);
await mkdir(out, { recursive: true });

let shot = 0;
// The scenarios started so far; the summary counts them (the one running when a step fails failed).
let scenarios = 0;
function scenario(name) {
    scenarios += 1;
    console.log(name);
}
const tracedRequests = new Set();
const pages = {};
async function snap(page, name, { fullPage = true } = {}) {
    shot += 1;
    const file = path.join(out, `${String(shot).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    console.log(`  screenshot ${path.basename(file)}`);
}

async function signIn(browser, name, viewport) {
    const context = await browser.newContext({
        viewport: viewport ?? { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(stepTimeout);
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error(`[${name}] page error: ${e.message}`));
    page.on("request", (r) => {
        if (r.url().includes("/api/") && r.headers().traceparent) tracedRequests.add(name);
    });
    pages[name] = page;
    await page.goto(base + "/");
    await page.getByLabel("Display name").waitFor();
    if (name === "Alice") await audit(page, "sign-in");
    await page.getByLabel("Display name").fill(name);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    return page;
}

/**
 * Asks for the agent's analysis of a move as the page's user (a token for the same subject from
 * the local issuer, since the page keeps its own in memory); answers the status and the code.
 */
async function analysisAnswer(page, matchId, move) {
    return page.evaluate(
        async ({ matchId, move }) => {
            const identity = Object.values(globalThis.localStorage)
                .map((v) => {
                    try {
                        return JSON.parse(v);
                    } catch {
                        return null;
                    }
                })
                .find((v) => v && typeof v.subject === "string");
            const token = await globalThis
                .fetch("/auth/dev-token", {
                    method: "POST",
                    headers: { "Content-Type": "application/json" },
                    body: JSON.stringify({
                        displayName: identity.displayName,
                        subject: identity.subject,
                    }),
                })
                .then((r) => r.json());
            const response = await globalThis.fetch(
                `/api/matches/${matchId}/analysis?move=${move}`,
                {
                    headers: { Authorization: `Bearer ${token.accessToken}` },
                },
            );
            const body = await response.json();
            return { status: response.status, code: body.code, body: JSON.stringify(body) };
        },
        { matchId, move },
    );
}

/** Places the fleet by clicking: every ship across, one per row, starting in column 0. */
async function placeByClicking(page) {
    const ships = page.getByRole("list", { name: "Ships" }).getByRole("button");
    const count = await ships.count();
    for (let i = 0; i < count; i++) {
        await ships.nth(i).click();
        await page.locator(`[data-testid=placement-board] [data-cell="${i * 2 * 10}"]`).click();
    }
    await page.getByRole("button", { name: "Confirm fleet" }).click();
    await page.getByTestId("target-board").waitFor();
}

async function placeRandomly(page) {
    await page.getByRole("button", { name: "Random" }).click();
    await page.getByRole("button", { name: "Confirm fleet" }).click();
    await page.getByTestId("target-board").waitFor();
}

/**
 * On a 390 × 844 phone the board to fire at and the turn banner are on screen together: at the
 * top of the page, and (the banner being sticky) with the page scrolled to its end.
 */
async function checkPhone(page) {
    const target = page.getByTestId("target-board").locator("[role=grid]");
    const turn = page.getByTestId("turn");
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    check(await inViewport(target), "on a phone the target board is on screen");
    check(await inViewport(turn), "on a phone the turn banner is on screen");
    await page.evaluate(() => globalThis.scrollTo(0, document.documentElement.scrollHeight));
    check(await inViewport(turn), "on a phone the turn banner stays on screen when scrolled");
    await page.evaluate(() => globalThis.scrollTo(0, 0));
}

async function isMyTurn(page) {
    return ((await page.getByTestId("turn").textContent()) ?? "").startsWith("Your turn");
}

async function shipCellsVisible(page) {
    return page.locator("[data-state=ship]").count();
}

/** A stand-in OTLP/HTTP collector: records the names of the spans the browsers export. */
function startCollector(port) {
    const names = new Set();
    const traceparents = [];
    const server = http.createServer((req, res) => {
        res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
        res.setHeader("Access-Control-Allow-Headers", "content-type");
        res.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
            try {
                for (const rs of JSON.parse(body || "{}").resourceSpans ?? [])
                    for (const ss of rs.scopeSpans ?? [])
                        for (const span of ss.spans ?? []) names.add(span.name);
            } catch {
                // a preflight or a non-JSON body
            }
            res.end("{}");
        });
    });
    server.listen(port, "127.0.0.1");
    return { names, traceparents, close: () => server.close() };
}

/**
 * Opens /docs in a fresh context and checks that nothing it loads comes from another origin, that
 * it links back to the game and shows none of Scalar's hosted-service buttons; audits it with axe.
 */
async function checkApiDocs(browser) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(stepTimeout);
    const page = await context.newPage();
    pages.docs = page;
    const origin = new URL(base).origin;
    const elsewhere = [];
    page.on("request", (r) => {
        const url = new URL(r.url());
        if (!["data:", "blob:", "about:"].includes(url.protocol) && url.origin !== origin)
            elsewhere.push(r.url());
    });
    const errors = [];
    page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(base + "/docs", { waitUntil: "networkidle" });
    await page.getByRole("link", { name: /Back to Battleship/ }).waitFor();
    await page.getByText("Battleship Gateway").first().waitFor();
    await page.waitForLoadState("networkidle");
    check(elsewhere.length === 0, `/docs requested another origin: ${elsewhere.join(", ")}`);
    for (const label of ["Deploy", "Generate SDK", "Ask AI"]) {
        check(
            (await page.getByRole("button", { name: label }).count()) === 0 &&
                (await page.getByRole("link", { name: label }).count()) === 0,
            `/docs shows "${label}"`,
        );
    }
    if (errors.length) console.log(`  /docs console errors: ${errors.join(" | ")}`);
    check(errors.length === 0, "/docs logs no errors");
    await snap(page, "api-docs", { fullPage: false }); // the first screen: the whole reference is very long
    await audit(page, "docs");
    await context.close();
    delete pages.docs;
}

async function main() {
    const browser = await chromium.launch({
        executablePath: browserPath,
        headless: true,
        args: ["--no-sandbox"],
    });
    const started = Date.now();
    const collector = otlpPort ? startCollector(otlpPort) : null;
    try {
        scenario("sign in");
        const alice = await signIn(browser, "Alice");
        await alice.getByRole("main").getByText("Live", { exact: true }).waitFor(); // the lobby's status
        await alice.locator("#agent option").first().waitFor({ state: "attached" });
        await snap(alice, "lobby-signed-in");
        await audit(alice, "lobby");

        scenario("two players create and join a room; a spectator watches");
        const roomName = `Harbour ${Date.now() % 100000}`;
        await alice.getByLabel("Room name").fill(roomName);
        check(
            (await alice.locator("#room-clock").inputValue()) === "60",
            "a room between people is 60 s a shot by default",
        );
        await alice.locator("#room-clock").selectOption({ label: "2 min a shot" });
        await alice.getByRole("button", { name: "Create room" }).click();
        await alice.getByRole("heading", { name: roomName }).waitFor();
        check(
            /2 min a shot — a player who runs out loses the match/.test(
                (await alice.getByTestId("room-clock").textContent()) ?? "",
            ),
            "the room shows its time control and what running out means",
        );
        await snap(alice, "room-created");
        await audit(alice, "room");

        const bob = await signIn(browser, "Bob", { width: 390, height: 844 }); // a phone
        await bob.getByRole("button", { name: `Join ${roomName}` }).click(); // the list is live
        await bob.getByRole("heading", { name: roomName }).waitFor();
        const carol = await signIn(browser, "Carol");
        await carol.getByRole("button", { name: `Watch ${roomName}` }).waitFor();
        await carol.locator("#agent option").first().waitFor({ state: "attached" });
        check(
            /2 min a shot/.test(
                (await carol
                    .locator(`[data-room="${roomName}"]`)
                    .getByTestId("room-clock")
                    .textContent()) ?? "",
            ),
            "the lobby lists the room's time control",
        );
        await snap(carol, "lobby-with-rooms");

        await bob.getByRole("button", { name: "Ready", exact: true }).click();
        await alice.getByText("Bob").first().waitFor();
        await snap(alice, "room-both-seated");
        await alice.getByRole("button", { name: "Ready", exact: true }).click();
        for (const p of [alice, bob]) await p.waitForURL(/\/match\//);
        const matchUrl = alice.url();
        const matchId = matchUrl.split("/match/")[1];

        scenario("a stranger finds the match on Live and watches it");
        await carol.getByRole("link", { name: "Live", exact: true }).click();
        await carol.getByRole("heading", { name: "Live matches" }).waitFor();
        const listed = carol.locator(`[data-match="${matchId}"]`);
        await listed.waitFor();
        check(
            /Alice vs Bob/.test((await listed.textContent()) ?? "") &&
                (await listed.getByTestId("live-clock").textContent()) === "2 min a shot",
            "Live lists the room's match with its players and time control",
        );
        await snap(carol, "live");
        await audit(carol, "live");
        await listed.getByRole("link", { name: "Watch Alice vs Bob" }).click();
        await carol.waitForURL(matchUrl);
        await carol.getByText("You are watching.", { exact: false }).waitFor();

        scenario("place fleets (click, random)");
        await alice.getByRole("heading", { name: "Place your fleet" }).waitFor();
        await snap(alice, "placement");
        await audit(alice, "match-placement");
        await placeByClicking(alice);
        await placeRandomly(bob);
        await alice.getByTestId("turn").filter({ hasText: /turn/ }).waitFor();
        check(
            (await shipCellsVisible(carol)) === 0,
            "the spectator sees ship cells before the start",
        );

        scenario("play to the end");
        let moves = 0;
        while (!(await finished(alice)) && moves < 220) {
            const turn = (await isMyTurn(alice)) ? alice : (await isMyTurn(bob)) ? bob : null;
            if (!turn) {
                await alice.waitForTimeout(50); // the view is on its way
                continue;
            }
            await fireAtWater(turn, { useKeyboard: moves % 3 === 0, timeout: stepTimeout });
            moves += 1;
            if (moves === 2) {
                // after a shot at each side, both of Alice's boards mark the last shot
                await alice.locator("[data-testid=own-board] [data-last=true]").waitFor();
                for (const board of ["own-board", "target-board"]) {
                    const marks = await lastShotMarks(alice, board);
                    check(
                        marks.length === 1 &&
                            /^[A-J]\d+, (miss|hit|sunk), last shot$/.test(marks[0]),
                        `one last-shot mark on Alice's ${board}: ${marks.join(" | ")}`,
                    );
                }
            }
            if (moves === 20) {
                const clock = /(\d+)s left/.exec(
                    (await alice.getByTestId("turn").textContent()) ?? "",
                );
                check(!clock || Number(clock[1]) <= 120, `the clock shows ${clock?.[1]} s of 120`);
                check(
                    /2 min a shot — a player who runs out loses the match/.test(
                        (await alice.getByTestId("time-control").textContent()) ?? "",
                    ),
                    "the match says its time control",
                );
                check(
                    /Shots fired: Alice \d+, Bob \d+/.test(
                        (await alice.getByTestId("shots").textContent()) ?? "",
                    ),
                    "the match counts each player's shots",
                );
                for (const [name, page] of [
                    ["Alice (a player)", alice],
                    ["Bob (a player)", bob],
                    ["Carol (a spectator)", carol],
                ]) {
                    const answer = await analysisAnswer(page, matchId, 0);
                    check(
                        answer.status === 409 &&
                            answer.code === "MatchNotFinished" &&
                            !/hitProbabilities|suggestedCell/.test(answer.body),
                        `mid-match, the agent's analysis is refused to ${name}: ${answer.status} ${answer.code}`,
                    );
                }
                await snap(alice, "match-in-progress");
                await snap(carol, "match-spectator");
                await audit(alice, "match");
                await audit(bob, "match-phone");
                await audit(carol, "match-spectator");
                await checkPhone(bob);
                await snap(bob, "match-in-progress-phone", { fullPage: false });
                console.log("  the whole history after a reload");
                await alice.reload();
                await alice.getByTestId("target-board").waitFor();
                await alice.locator(`[data-testid=match-log] li[data-turn="${moves}"]`).waitFor();
                const turns = await historyTurns(alice);
                check(
                    turns.length === moves && turns.every((t, i) => t === i + 1),
                    `the history after a reload is every turn 1..${moves}: ${turns.join(",")}`,
                );
                await snap(alice, "match-history");
            }
            if (moves % 10 === 0 && !(await finished(carol))) {
                check(
                    (await shipCellsVisible(carol)) === 0,
                    `the spectator sees ship cells after ${moves} moves`,
                );
            }
        }
        await alice.getByTestId("end").waitFor();
        await bob.getByTestId("end").waitFor();
        await carol.getByTestId("end").waitFor();
        check((await shipCellsVisible(carol)) > 0, "the spectator sees both fleets at the end");
        await snap(alice, "match-end");
        await audit(alice, "match-end");
        console.log(`  finished after ${moves} shots`);

        scenario("replay the match");
        await alice.getByRole("link", { name: "Watch the replay" }).click();
        await alice.getByRole("heading", { name: /Replay/ }).waitFor();
        await alice.getByRole("button", { name: "Step forward" }).click();
        await alice.getByRole("button", { name: "Step forward" }).click();
        check(
            /fires at/.test((await alice.getByTestId("replay-move").textContent()) ?? ""),
            "the replay names the move",
        );
        await snap(alice, "replay-step");
        await audit(alice, "replay");
        await alice.getByRole("button", { name: "Last move" }).click();
        check(
            /won/.test((await alice.getByTestId("replay-move").textContent()) ?? ""),
            "the last move wins",
        );
        await snap(alice, "replay-end");

        scenario("the agent's view of the replay's moves");
        const agentView = alice.getByRole("switch", { name: "Show the agent's view" });
        await agentView.focus();
        await alice.keyboard.press("Space"); // a real switch, by keyboard
        check(await agentView.isChecked(), "the switch turns on by keyboard");
        await alice.getByTestId("agent-view").getByText("The match ended here").waitFor();
        const total = Number(await alice.locator("#scrub").getAttribute("max"));
        const early = Math.min(8, total - 2); // early on, the chances spread over the whole board
        await alice.locator("#scrub").fill(String(early));
        const line = alice.getByTestId("agent-view-line");
        await line.filter({ hasText: `Before move ${early + 1}:` }).waitFor();
        check(
            /^Before move \d+: The agent would have fired at [A-J]\d+ \(\d+ %\); (Alice|Bob) fired at [A-J]\d+ \((\d+|<1) %\)\.$/.test(
                (await line.textContent()) ?? "",
            ),
            `the agent's view names its shot and the player's: ${await line.textContent()}`,
        );
        check(
            /density agent's view/.test(
                (await alice.getByTestId("agent-view").textContent()) ?? "",
            ),
            "without a trainer silo, the density agent gives the view",
        );
        const legend = alice.getByTestId("heat-legend");
        check(
            /Hit chance:.*0 %.*100 %.*the agent's choice/.test((await legend.textContent()) ?? ""),
            "the key to the agent's view lists the chances and the mark of its choice",
        );
        const chosen = await alice
            .locator(".cell.suggested[role=gridcell]")
            .getAttribute("aria-label");
        check(
            /^[A-J]\d+, water, hit chance (\d+|<1) %, the agent's choice$/.test(chosen ?? ""),
            `the agent's choice is named on the board: ${chosen}`,
        );
        await agentView.focus(); // the slider's focus ring off the picture
        await snap(alice, "analysis");
        await audit(alice, "replay-analysis");
        await alice.getByRole("button", { name: "Step forward" }).click();
        await line.filter({ hasText: `Before move ${early + 2}:` }).waitFor();
        await agentView.uncheck();
        check(
            (await alice.locator(".cell.heat[role=gridcell]").count()) === 0,
            "turned off, the boards are plain again",
        );

        scenario(
            "both players agree to a rematch; the spectator follows; the other player moves first",
        );
        await alice.goto(matchUrl); // back from the replay to the end screen
        await alice.getByTestId("end").waitFor();
        await bob.getByTestId("rematch").getByRole("button", { name: "Rematch" }).click();
        await bob.getByText("You offered a rematch; waiting for Alice.").waitFor();
        await alice.getByText("Bob offers a rematch.").waitFor(); // the end screen asks the room again
        await carol.getByText(/Bob offered a rematch/).waitFor();
        await snap(alice, "rematch");
        await audit(alice, "rematch");
        await alice.getByRole("button", { name: "Accept the rematch" }).click();
        for (const p of [alice, bob, carol]) {
            await p.waitForURL((u) => /\/match\//.test(u.pathname) && u.href !== matchUrl);
        }
        check(
            alice.url() === bob.url() && bob.url() === carol.url(),
            "all three are in the rematch",
        );
        await alice.getByRole("heading", { name: "Place your fleet" }).waitFor();
        await placeRandomly(alice);
        await placeRandomly(bob);
        await bob
            .getByTestId("turn")
            .filter({ hasText: /^Your turn/ })
            .waitFor();
        check(!(await isMyTurn(alice)), "Bob, who moved second before, moves first in the rematch");
        check(
            /2 min a shot/.test((await alice.getByTestId("time-control").textContent()) ?? ""),
            "the rematch keeps the room's time control",
        );
        await snap(bob, "rematch-started", { fullPage: false });

        scenario("play against an AI agent to the end");
        await alice.goto(base + "/");
        await alice
            .getByLabel("Agent", { exact: true })
            .selectOption({ label: "Density (density)" });
        check(
            /Counts every way the remaining ships could lie/.test(
                (await alice.getByTestId("chosen-agent-description").textContent()) ?? "",
            ),
            "choosing an agent says how it plays",
        );
        await alice.getByLabel("Agent", { exact: true }).selectOption({ label: "Random (random)" });
        check(
            (await alice.locator("#ai-clock").inputValue()) === "0",
            "a game against an agent is untimed by default",
        );
        await snap(alice, "time-control");
        await alice.getByRole("button", { name: "Play vs AI" }).click();
        await alice.getByRole("heading", { name: "Place your fleet" }).waitFor();
        await placeRandomly(alice);
        check(
            /Untimed/.test((await alice.getByTestId("time-control").textContent()) ?? "") &&
                !/s left/.test((await alice.getByTestId("turn").textContent()) ?? ""),
            "the untimed game has no clock",
        );
        await alice.getByTestId("turn").evaluate((el) => {
            // every text the turn banner shows, however briefly
            globalThis.seenTurns = [el.textContent];
            new globalThis.MutationObserver(() =>
                globalThis.seenTurns.push(el.textContent),
            ).observe(el, {
                subtree: true,
                childList: true,
                characterData: true,
            });
        });
        let aiMoves = 0;
        while (!(await finished(alice)) && aiMoves < 110) {
            if (!(await isMyTurn(alice))) {
                await alice.waitForTimeout(50);
                continue;
            }
            await fireAtWater(alice, { useKeyboard: aiMoves % 2 === 0, timeout: stepTimeout });
            aiMoves += 1;
            if (aiMoves === 1) {
                // the agent answers at once; the page shows its turn for a moment, then its shot
                await alice
                    .getByTestId("announcement")
                    .filter({ hasText: /^Random fired at [A-J]\d+: (hit|miss)\./ })
                    .waitFor();
                const turns = await alice.evaluate(() => globalThis.seenTurns ?? []);
                check(
                    turns.some((t) => /^Random's turn/.test(t)),
                    `the agent's turn is shown before its answer: ${turns.join(" | ")}`,
                );
                for (const board of ["own-board", "target-board"]) {
                    const marks = await lastShotMarks(alice, board);
                    check(marks.length === 1, `one last-shot mark on ${board} against the agent`);
                }
            }
            if (aiMoves === 15) await snap(alice, "vs-ai-in-progress");
        }
        await alice.getByTestId("end").waitFor();
        await snap(alice, "vs-ai-end");
        console.log(`  finished after ${aiMoves} shots`);

        scenario("Play again against the same agent");
        const aiMatchUrl = alice.url();
        await alice.getByRole("button", { name: "Play again" }).click();
        await alice.waitForURL((u) => /\/match\//.test(u.pathname) && u.href !== aiMatchUrl);
        await alice.getByRole("heading", { name: "Place your fleet" }).waitFor();
        check(
            /Random/.test((await alice.locator(".match-header h1").textContent()) ?? "") &&
                /Untimed/.test((await alice.getByTestId("time-control").textContent()) ?? ""),
            "Play again is against the same agent, untimed again",
        );
        await placeRandomly(alice);
        await alice
            .getByTestId("turn")
            .filter({ hasText: /^Your turn/ })
            .waitFor(); // Alice first again
        await snap(alice, "play-again", { fullPage: false });

        scenario("ladder and profile");
        await alice.getByRole("link", { name: "Ladder" }).click();
        await alice.getByRole("heading", { name: "Ladder" }).waitFor();
        await alice.locator("tbody tr").first().waitFor();
        await alice.getByRole("tab", { name: "Users" }).click();
        // The All scope's rows stay until the Users scope's arrive: wait until no agent is listed.
        await alice.waitForFunction(
            () =>
                document.querySelector("tbody tr") !== null &&
                document.querySelector('tbody a[href^="/agents/"]') === null,
        );
        // On the first page, or pinned below it when a busy database ranks her further down.
        await alice.getByTestId("my-row").waitFor();
        check(
            /^You are #\d+ among players\./.test(
                (await alice.getByTestId("my-rank").textContent()) ?? "",
            ),
            "the ladder says the viewer's rank",
        );
        // Both counts from one reading of the table, never from two renderings of it.
        const { rows, tags } = await alice.locator("tbody").evaluate((body) => ({
            rows: body.querySelectorAll("tr:not(.gap)").length,
            tags: body.querySelectorAll("tr:not(.gap) .tag").length,
        }));
        check(
            rows > 0 && tags === rows,
            "every ladder row carries a tag that tells same-named players apart",
        );
        await snap(alice, "ladder");
        await audit(alice, "ladder");
        await alice.getByTestId("my-row").getByRole("link", { name: "Alice" }).click();
        await alice.getByRole("heading", { name: "Recent games" }).waitFor();
        await alice.locator(".history li").first().waitFor();
        await alice.locator(".history").getByText("Random (AI)").first().waitFor();
        const bobGame = alice.locator(".history li").filter({ hasText: "against Bob" }).first();
        await bobGame.waitFor(); // the human opponent is named
        check(
            /Random \(AI\)/.test((await alice.locator(".history li").first().textContent()) ?? ""),
            "the newest game (against Random) comes first",
        );
        check(
            /^(won|lost) against Bob/.test((await bobGame.textContent()) ?? ""),
            "the room's game says its result and opponent",
        );
        await snap(alice, "profile");
        await audit(alice, "profile");
        await bobGame.getByRole("link", { name: "replay" }).click();
        await alice.waitForURL(`${base}/replay/${matchId}`);
        await alice.getByRole("heading", { name: /Replay/ }).waitFor();
        await alice.goBack();
        await alice.getByRole("heading", { name: "Recent games" }).waitFor();
        await alice.locator(".history").getByRole("link", { name: "Random (AI)" }).first().click();
        await alice.getByTestId("agent-description").waitFor();
        check(
            /random cell/.test((await alice.getByTestId("agent-description").textContent()) ?? ""),
            "the agent page says how the agent plays",
        );
        await snap(alice, "agent");
        await audit(alice, "agent");

        scenario("training without a trainer silo");
        await alice.getByRole("link", { name: "Training" }).click();
        await alice.getByRole("button", { name: "Start training" }).click();
        await alice
            .getByTestId("training-message")
            .filter({ hasText: /trainer silo/ })
            .waitFor();
        await snap(alice, "training-unavailable");
        await audit(alice, "training");

        scenario("the API reference is self-contained");
        await checkApiDocs(browser);

        if (collector) {
            scenario("browser telemetry");
            for (const p of Object.values(pages)) await p.close({ runBeforeUnload: true }); // flushes the exporters
            for (let i = 0; i < 50 && collector.names.size < 3; i++)
                await new Promise((r) => setTimeout(r, 200));
            const names = [...collector.names];
            console.log(`  spans: ${names.sort().join(", ")}`);
            check(names.includes("documentLoad"), "the page load is traced");
            check(
                names.some((n) => n === "GET" || n === "POST" || n.startsWith("HTTP ")),
                "fetches are traced",
            );
            check(names.includes("signalr.connection"), "SignalR connection events are traced");
            check(tracedRequests.size > 0, "API requests carry a traceparent header");
        }
        check(matchUrl.includes("/match/"), "the match had its own URL");
        const violations = reportAudits();
        check(
            violations.length === 0,
            `axe: ${violations.length} violation(s) on ${[...new Set(violations.map((v) => v.page))].join(", ")}`,
        );
        console.log(
            `e2e: ${scenarios} passed, 0 failed (${Math.round((Date.now() - started) / 1000)} s)`,
        );
    } catch (e) {
        console.error(`e2e failed: ${e instanceof Error ? e.stack : e}`);
        reportAudits();
        for (const [name, page] of Object.entries(pages)) {
            await page
                .screenshot({ path: path.join(out, `failure-${name}.png`), fullPage: true })
                .catch(() => {});
        }
        console.log(`e2e: ${Math.max(0, scenarios - 1)} passed, 1 failed`);
        process.exitCode = 1;
    } finally {
        collector?.close();
        await browser.close();
    }
}

await main();
