// The web client behind the load balancer while its gateways die: a player signed in through nginx
// plays a game against an agent; each gateway is killed in turn (SIGKILL) in the middle of it, so
// the page's own connection is cut at least once; the page must reconnect through nginx, resync,
// and every shot clicked after the kill must be answered and shown, up to the end of the game.
// Run by ops/chaos/web-failover.sh (docs/chaos.md), which brings up the chaos hosts first.
// Usage: BASE_URL=http://10.231.0.30 CHAOS_STATE=artifacts/chaos/web-failover node e2e/failover.mjs
import { chromium } from "playwright-core";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { check, finished, fireAtWater } from "./pages.mjs";

const base = process.env.BASE_URL ?? "http://10.231.0.30";
const state = process.env.CHAOS_STATE ?? "../artifacts/chaos/web-failover";
const browserPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const out = path.resolve(process.env.E2E_ARTIFACTS ?? "../artifacts/chaos/web-failover/screens");
const stepTimeout = 20_000;
await mkdir(out, { recursive: true });

async function killGateway(name) {
    const pid = Number((await readFile(path.join(state, `${name}.pid`), "utf8")).trim());
    process.kill(pid, "SIGKILL");
    console.log(`  SIGKILL ${name} (pid ${pid})`);
}

const shotsShown = (page) =>
    page.locator("[data-testid=target-board] [data-cell]:not([data-state=water])").count();

/** Waits for the player's turn, fires at the first untouched cell and waits until it is shown. */
async function fire(page) {
    await page.waitForFunction(
        () =>
            (document.querySelector("[data-testid=turn]")?.textContent ?? "").startsWith(
                "Your turn",
            ) || document.querySelector("[data-testid=end]") !== null,
        null,
        { timeout: stepTimeout },
    );
    if (await finished(page)) return false;
    await fireAtWater(page, { timeout: stepTimeout });
    return true;
}

const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
let page;
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(stepTimeout);
    page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(base + "/");
    await page.getByLabel("Display name").fill("Failover");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.getByLabel("Agent", { exact: true }).selectOption({ label: "Random (random)" });
    await page.getByRole("button", { name: "Play vs AI" }).click();
    await page.getByRole("heading", { name: "Place your fleet" }).waitFor();
    await page.getByRole("button", { name: "Random" }).click();
    await page.getByRole("button", { name: "Confirm fleet" }).click();
    await page.getByTestId("target-board").waitFor();

    let fired = 0;
    for (let i = 0; i < 3; i++) if (await fire(page)) fired++;
    for (const gateway of ["gateway-0", "gateway-1"]) {
        await killGateway(gateway);
        const started = Date.now();
        for (let i = 0; i < 3; i++) if (await fire(page)) fired++;
        console.log(
            `  ${gateway} killed: the next 3 shots were shown within ${Date.now() - started} ms`,
        );
        await page.screenshot({ path: path.join(out, `after-${gateway}.png`), fullPage: true });
        await page.waitForTimeout(12_000); // the supervisor restarts the gateway 5 s after it died
    }
    while (!(await finished(page)) && fired < 100) if (await fire(page)) fired++;
    await page.getByTestId("end").waitFor();
    await page.screenshot({ path: path.join(out, "end.png"), fullPage: true });

    check(
        (await shotsShown(page)) === fired,
        `${fired} shots fired but ${await shotsShown(page)} shown`,
    );
    check(errors.length === 0, `page errors: ${errors.join("; ")}`);
    console.log(
        `web client failover: ${fired} shots fired and shown, the game played to its end through two gateway kills`,
    );
} catch (e) {
    if (page)
        await page
            .screenshot({ path: path.join(out, "failure.png"), fullPage: true })
            .catch(() => {});
    console.error(`web client failover failed: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
} finally {
    await browser.close();
}
