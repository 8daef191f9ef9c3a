// Steps on the web client's pages that both browser suites take (run.mjs, failover.mjs).

export function check(condition, message) {
    if (!condition) throw new Error(message);
}

/** Whether the match page shows the end of the match. */
export async function finished(page) {
    return (await page.getByTestId("end").count()) > 0;
}

/**
 * Fires at the first untouched cell of the target board (by click, or by keyboard: focus and
 * Enter) and waits until the board shows the shot.
 */
export async function fireAtWater(page, { useKeyboard = false, timeout }) {
    const cell = page.locator("[data-testid=target-board] [data-state=water]").first();
    const id = await cell.getAttribute("data-cell");
    if (useKeyboard) {
        await cell.focus();
        await page.keyboard.press("Enter");
    } else {
        await cell.click();
    }
    await page.waitForFunction(
        (c) =>
            document
                .querySelector(`[data-testid=target-board] [data-cell="${c}"]`)
                ?.getAttribute("data-state") !== "water",
        id,
        { timeout },
    );
}

/** The cells marked as the last shot on a board (`own-board` or `target-board`): their names. */
export async function lastShotMarks(page, board) {
    return page
        .locator(`[data-testid=${board}] [data-last=true]`)
        .evaluateAll((cells) => cells.map((c) => c.getAttribute("aria-label")));
}

/** Whether an element lies wholly inside the viewport as it is scrolled now. */
export async function inViewport(locator) {
    return locator.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return (
            r.top >= 0 &&
            r.left >= 0 &&
            r.bottom <= globalThis.innerHeight &&
            r.right <= globalThis.innerWidth
        );
    });
}

/** The turn numbers of the match page's history ("What happened"), in order. */
export async function historyTurns(page) {
    return page
        .locator("[data-testid=match-log] li[data-turn]")
        .evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-turn"))));
}
