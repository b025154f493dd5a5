/**
 * What a stack declares, in a form that can be kept in a file and compared: every resource's type,
 * name, parent and inputs (without the project's absolute path), and the names of its outputs.
 * The snapshots in fixtures/ were written by the program as it was before usage tracking (commit
 * 137612f, with WRITE_DECLARATION_SNAPSHOTS=1 and the stack tests' "declares exactly" cases); the
 * stack tests hold today's program to them when usageTracking is not set.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { MockRun } from "../helpers/pulumiMocks";

export interface Declared {
    readonly resources: { type: string; name: string; parent: string; inputs: Record<string, unknown> }[];
    readonly outputs: string[];
}

const ROOT = path.resolve(__dirname, "..", "..");

export function declared(run: MockRun): Declared {
    const nameOf = new Map(run.registrations.map((r) => [r.urn, r.name]));
    const scrub = (value: unknown): unknown =>
        JSON.parse(
            JSON.stringify(value ?? {})
                .split(ROOT)
                .join("<project>"),
        );
    return {
        resources: run.registrations
            .map((r) => ({ type: r.type, name: r.name, parent: nameOf.get(r.parent) ?? "", inputs: scrub(r.inputs) as Record<string, unknown> }))
            .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`)),
        outputs: Object.keys(run.outputs).sort(),
    };
}

export const SNAPSHOT_DIR = path.join(__dirname, "fixtures");

export function writeSnapshot(name: string, value: Declared): void {
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(SNAPSHOT_DIR, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

export function readSnapshot(name: string): Declared {
    return JSON.parse(fs.readFileSync(path.join(SNAPSHOT_DIR, `${name}.json`), "utf8")) as Declared;
}
