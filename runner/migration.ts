/**
 * Moving an environment to the next model (npm run migrate), as data: where a migration stands,
 * read from the environment's own file (its profiles and the `migration` record), the file each
 * step writes, and that edit made to the YAML text with its comments and layout kept.
 *
 *   start     [old, ...]          -> add:    [old, new, ...]  migration {from: old, to: new}
 *   added     [old, new, ...]     -> switch: [new, old, ...]  (the backend's parameters move to new)
 *   switched  [new, old, ...]     -> retire: [new, ...]       (the record stays until its up succeeds)
 *   retiring  [new, ...] + record -> the record removed (nothing left to deploy)
 */
import { type Document, isMap, parseDocument } from "yaml";

export interface MigrationRecord {
    readonly from: string;
    readonly to: string;
}

export type Phase = "start" | "added" | "switched" | "retiring" | "done";
export type Step = "add" | "switch" | "retire";

/** The step that leaves a phase, and its number among the four the command prints. */
export const NEXT_STEP: Readonly<Record<Exclude<Phase, "done" | "retiring">, { readonly step: Step; readonly number: number }>> = {
    start: { step: "add", number: 2 },
    added: { step: "switch", number: 3 },
    switched: { step: "retire", number: 4 },
};

export interface Standing {
    readonly phase: Phase;
    readonly from: string;
    readonly to: string;
}

/**
 * Where a migration stands. `target` is --to (undefined with --finish alone). Throws, with what to
 * do, when the file and the request disagree.
 */
export function standing(profiles: readonly string[], record: MigrationRecord | undefined, target: string | undefined, environment: string): Standing {
    const file = `Pulumi.${environment}.yaml`;
    if (profiles.length === 0) {
        throw new Error(`${file} lists no inference profile; set inferenceProfiles first.`);
    }
    if (record === undefined) {
        if (target === undefined) {
            throw new Error(`No migration is in progress in ${file} (it has no migration entry); start one with --to <profileId>.`);
        }
        if (profiles[0] === target) {
            return { phase: "done", from: target, to: target };
        }
        // The target already listed second is step 2 written by hand: go on from there.
        return { phase: profiles[1] === target ? "added" : "start", from: profiles[0], to: target };
    }
    if (target !== undefined && target !== record.to) {
        throw new Error(
            `${file} records a migration from ${record.from} to ${record.to} in progress; finish it first ` +
                `(npm run migrate -- ${environment} --finish), or remove its migration entry and the profile it added.`,
        );
    }
    if (profiles[0] === record.from && profiles.includes(record.to)) {
        return { phase: "added", ...record };
    }
    if (profiles[0] === record.to && profiles.includes(record.from)) {
        return { phase: "switched", ...record };
    }
    if (profiles[0] === record.to) {
        // Step 4 written (and perhaps deployed): its up runs (again), then the record goes.
        return { phase: "retiring", ...record };
    }
    throw new Error(
        `${file} records a migration from ${record.from} to ${record.to}, but its inferenceProfiles are ${profiles.join(", ")}; ` +
            "put them back as the migration left them, or remove the migration entry.",
    );
}

/** The profiles and the migration record after a step. */
export function afterStep(step: Step, profiles: readonly string[], { from, to }: MigrationRecord): { profiles: string[]; record?: MigrationRecord } {
    const rest = profiles.filter((p) => p !== from && p !== to);
    switch (step) {
        case "add":
            return { profiles: [from, to, ...rest], record: { from, to } };
        case "switch":
            return { profiles: [to, from, ...rest], record: { from, to } };
        case "retire":
            // The record stays until step 4's up has succeeded, so that a failed or stopped step 4 is resumed.
            return { profiles: [to, ...rest], record: { from, to } };
    }
}

/**
 * The environment file's text with its profiles and migration record set: the one-ID key
 * inferenceProfile becomes the list, other keys, comments and layout stay as they are.
 */
export function rewriteEnvironment(
    text: string,
    project: string,
    change: { profiles: readonly string[]; record?: MigrationRecord; productIds?: Readonly<Record<string, string>> },
): string {
    const doc: Document = parseDocument(text);
    const config = doc.get("config");
    if (!isMap(config)) {
        throw new Error("The environment file has no config: mapping.");
    }
    const key = (name: string) => `${project}:${name}`;
    config.delete(key("inferenceProfile"));
    config.set(key("inferenceProfiles"), doc.createNode([...change.profiles], { flow: false }));
    if (change.record === undefined) {
        config.delete(key("migration"));
    } else {
        config.set(key("migration"), doc.createNode({ from: change.record.from, to: change.record.to }));
    }
    for (const [modelId, productId] of Object.entries(change.productIds ?? {})) {
        doc.setIn(["config", key("marketplaceProductIds"), modelId], productId);
    }
    return doc.toString();
}

/** What a step changes, for people: the profiles before and after, and the record (which step 4 removes once deployed). */
export function describeChange(
    step: Step,
    before: { profiles: readonly string[]; record?: MigrationRecord },
    after: { profiles: readonly string[]; record?: MigrationRecord },
): string[] {
    const record = (r?: MigrationRecord) => (r === undefined ? "(none)" : `{from: ${r.from}, to: ${r.to}}`);
    const next = step === "retire" ? "(none, once step 4 is deployed)" : record(after.record);
    return [`  inferenceProfiles: [${before.profiles.join(", ")}] -> [${after.profiles.join(", ")}]`, `  migration: ${record(before.record)} -> ${next}`];
}
