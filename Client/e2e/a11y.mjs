// Accessibility checks of the e2e run: axe-core (through @axe-core/playwright) on every page the
// run visits, the WCAG 2.x A/AA rules and axe's best practices. Violations are collected by page and
// rule, printed at the end, and fail the run unless a rule is listed in KnownViolations with the
// reason it is still there (nothing is turned off silently).
import { AxeBuilder } from "@axe-core/playwright";

/**
 * Violations that are known and not (yet) fixed, by page name and rule id, each with its reason.
 * The run reports them but does not fail on them. Keep it short and say why.
 */
export const KnownViolations = {};

const found = [];

/** Runs axe on the page as it is now and records its violations under `name`. */
export async function audit(page, name) {
    const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
        .analyze();
    for (const v of results.violations) {
        found.push({
            page: name,
            rule: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes
                .slice(0, 5)
                .map(
                    (n) =>
                        `${n.target.join(" ")}: ${(n.failureSummary ?? "").split("\n").slice(-1)[0].trim()}`,
                ),
            count: v.nodes.length,
        });
    }
    console.log(
        `  axe ${name}: ${results.violations.length} violation(s), ${results.passes.length} rules passed`,
    );
}

/** Prints every violation by page and rule; answers the ones not in {@link KnownViolations}. */
export function reportAudits() {
    const unexpected = [];
    for (const f of found) {
        const known = KnownViolations[f.page]?.[f.rule];
        console.log(
            `  axe ${known ? "known" : "VIOLATION"} [${f.page}] ${f.rule} (${f.impact}, ${f.count} node(s)): ${f.help}` +
                `\n      ${f.targets.join("\n      ")}${known ? `\n      known because: ${known}` : ""}`,
        );
        if (!known) unexpected.push(f);
    }
    return unexpected;
}
