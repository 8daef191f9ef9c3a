// End-to-end scenarios against a running stack (PostgreSQL, silo, gateway serving the built
// client): sign in; two players create and join a room, place fleets and play to the end while a
// spectator watches (and never sees a ship before the end); replay the match; play against an AI
// agent to the end. Screenshots of each step go to artifacts/e2e (and on failure).
// Usage: BASE_URL=http://127.0.0.1:5181 node e2e/run.mjs
import { chromium } from "playwright-core";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { check, finished, fireAtWater } from "./pages.mjs";
import { audit, reportAudits } from "./a11y.mjs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:5181";
const browserPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const out = path.resolve(process.env.E2E_ARTIFACTS ?? "../artifacts/e2e");
const stepTimeout = 15_000;
const otlpPort = Number(process.env.E2E_OTLP_PORT ?? 0);
await mkdir(out, { recursive: true });

let shot = 0;
const tracedRequests = new Set();
const pages = {};
async function snap(page, name, fullPage = true) {
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
    await snap(page, "api-docs", false); // the first screen: the whole reference is very long
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
        console.log("sign in");
        const alice = await signIn(browser, "Alice");
        await alice.getByText("Live", { exact: true }).waitFor();
        await alice.locator("#agent option").first().waitFor({ state: "attached" });
        await snap(alice, "lobby-signed-in");
        await audit(alice, "lobby");

        console.log("two players create and join a room; a spectator watches");
        const roomName = `Harbour ${Date.now() % 100000}`;
        await alice.getByLabel("Room name").fill(roomName);
        await alice.getByRole("button", { name: "Create room" }).click();
        await alice.getByRole("heading", { name: roomName }).waitFor();
        await snap(alice, "room-created");
        await audit(alice, "room");

        const bob = await signIn(browser, "Bob", { width: 390, height: 844 }); // a phone
        await bob.getByRole("button", { name: `Join ${roomName}` }).click(); // the list is live
        await bob.getByRole("heading", { name: roomName }).waitFor();
        const carol = await signIn(browser, "Carol");
        await carol.getByRole("button", { name: `Watch ${roomName}` }).waitFor();
        await carol.locator("#agent option").first().waitFor({ state: "attached" });
        await snap(carol, "lobby-with-rooms");
        await carol.getByRole("button", { name: `Watch ${roomName}` }).click();
        await carol.getByRole("heading", { name: roomName }).waitFor();

        await bob.getByRole("button", { name: "Ready", exact: true }).click();
        await alice.getByText("Bob").first().waitFor();
        await snap(alice, "room-both-seated");
        await alice.getByRole("button", { name: "Ready", exact: true }).click();
        for (const p of [alice, bob, carol]) await p.waitForURL(/\/match\//);
        const matchUrl = alice.url();

        console.log("place fleets (click, random)");
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

        console.log("play to the end");
        let moves = 0;
        while (!(await finished(alice)) && moves < 220) {
            const turn = (await isMyTurn(alice)) ? alice : (await isMyTurn(bob)) ? bob : null;
            if (!turn) {
                await alice.waitForTimeout(50); // the view is on its way
                continue;
            }
            await fireAtWater(turn, { useKeyboard: moves % 3 === 0, timeout: stepTimeout });
            moves += 1;
            if (moves === 20) {
                await snap(alice, "match-in-progress");
                await snap(bob, "match-in-progress-phone");
                await snap(carol, "match-spectator");
                await audit(alice, "match");
                await audit(bob, "match-phone");
                await audit(carol, "match-spectator");
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

        console.log("replay the match");
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

        console.log("play against an AI agent to the end");
        await alice.goto(base + "/");
        await alice.getByLabel("Agent", { exact: true }).selectOption({ label: "Random (random)" });
        await alice.getByRole("button", { name: "Play vs AI" }).click();
        await alice.getByRole("heading", { name: "Place your fleet" }).waitFor();
        await placeRandomly(alice);
        let aiMoves = 0;
        while (!(await finished(alice)) && aiMoves < 110) {
            if (!(await isMyTurn(alice))) {
                await alice.waitForTimeout(50);
                continue;
            }
            await fireAtWater(alice, { useKeyboard: aiMoves % 2 === 0, timeout: stepTimeout });
            aiMoves += 1;
            if (aiMoves === 15) await snap(alice, "vs-ai-in-progress");
        }
        await alice.getByTestId("end").waitFor();
        await snap(alice, "vs-ai-end");
        console.log(`  finished after ${aiMoves} shots`);

        console.log("ladder and profile");
        await alice.getByRole("link", { name: "Ladder" }).click();
        await alice.getByRole("heading", { name: "Ladder" }).waitFor();
        await alice.locator("tbody tr").first().waitFor();
        await snap(alice, "ladder");
        await audit(alice, "ladder");
        const agentLink = alice.locator('a[href^="/agents/"]').first();
        check((await agentLink.count()) > 0, "the ladder links an agent");
        await agentLink.click();
        await alice.waitForURL(/\/agents\//);
        await alice.locator("main h1").first().waitFor();
        await snap(alice, "agent");
        await audit(alice, "agent");
        await alice.goBack();
        await alice.getByRole("heading", { name: "Ladder" }).waitFor();
        await alice.locator("tbody tr").first().waitFor();
        await alice.getByRole("link", { name: "Alice" }).first().click();
        await alice.getByRole("heading", { name: "Match history" }).waitFor();
        await alice.locator(".history li").first().waitFor();
        await snap(alice, "profile");
        await audit(alice, "profile");

        console.log("training without a trainer silo");
        await alice.getByRole("link", { name: "Training" }).click();
        await alice.getByRole("button", { name: "Start training" }).click();
        await alice
            .getByTestId("training-message")
            .filter({ hasText: /trainer silo/ })
            .waitFor();
        await snap(alice, "training-unavailable");
        await audit(alice, "training");

        console.log("the API reference is self-contained");
        await checkApiDocs(browser);

        if (collector) {
            console.log("browser telemetry");
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
        console.log(`e2e: 8 passed, 0 failed (${Math.round((Date.now() - started) / 1000)} s)`);
    } catch (e) {
        console.error(`e2e failed: ${e instanceof Error ? e.stack : e}`);
        reportAudits();
        for (const [name, page] of Object.entries(pages)) {
            await page
                .screenshot({ path: path.join(out, `failure-${name}.png`), fullPage: true })
                .catch(() => {});
        }
        console.log("e2e: 0 passed, 1 failed");
        process.exitCode = 1;
    } finally {
        collector?.close();
        await browser.close();
    }
}

await main();
