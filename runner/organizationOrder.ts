/**
 * The order `npm run deploy -- --all` runs stacks in when an organization stack governs some of
 * them, so that no environment is ever denied a model it still uses: the organization stack first
 * when its SCP gains a model or profile, after its environments when it loses one, and around them
 * (first keeping what it allowed, then narrowed) when both. Pure: the runner reads the files and
 * the organization stack's deployed outputs.
 */

/** What an organization stack allows: models and system-defined profiles. */
export interface AllowedSet {
    readonly models: readonly string[];
    readonly profiles: readonly string[];
}

export interface OrganizationPlan {
    /** The organization stack. */
    readonly stack: string;
    /** The environments it governs. */
    readonly governs: readonly string[];
    /** What its SCP will allow, from the environments' files now. */
    readonly wanted: AllowedSet;
    /** What its SCP allows as deployed (its outputs); undefined: never deployed. */
    readonly deployed?: AllowedSet;
}

/** One run of the plan: a stack, and for an organization stack's first run the set it keeps allowing. */
export interface OrderedRun {
    readonly stack: string;
    readonly keep?: AllowedSet;
    /** Why it runs where it runs, for the runner's progress line. */
    readonly why?: string;
}

function minus(a: readonly string[], b: readonly string[]): string[] {
    return a.filter((x) => !b.includes(x));
}

/**
 * The runs for `operation` over `selected` stacks. Environments no organization stack governs keep
 * their order, after the organization stacks' first runs; `destroy` removes the environments first.
 */
export function organizationOrder(selected: readonly string[], organizations: readonly OrganizationPlan[], operation: string): OrderedRun[] {
    const planned = organizations.filter((o) => selected.includes(o.stack));
    const governed = new Set(planned.flatMap((o) => o.governs));
    const environments = selected.filter((s) => !planned.some((o) => o.stack === s));
    if (planned.length === 0) {
        return selected.map((stack) => ({ stack }));
    }
    if (operation === "destroy") {
        return [...environments.map((stack) => ({ stack })), ...planned.map((o) => ({ stack: o.stack, why: "after the environments it governs are gone" }))];
    }
    const before: OrderedRun[] = [];
    const after: OrderedRun[] = [];
    for (const o of planned) {
        if (operation !== "up" || o.deployed === undefined) {
            before.push({ stack: o.stack, why: operation === "up" ? "first: it is not deployed yet" : undefined });
            continue;
        }
        const added = [...minus(o.wanted.models, o.deployed.models), ...minus(o.wanted.profiles, o.deployed.profiles)];
        const removed = [...minus(o.deployed.models, o.wanted.models), ...minus(o.deployed.profiles, o.wanted.profiles)];
        if (removed.length === 0) {
            before.push({ stack: o.stack, why: added.length > 0 ? `first: its SCP allows ${added.join(", ")} before its environments use them` : undefined });
        } else if (added.length === 0) {
            after.push({ stack: o.stack, why: `last: its SCP stops allowing ${removed.join(", ")} once no environment uses them` });
        } else {
            before.push({
                stack: o.stack,
                keep: o.deployed,
                why: `first, keeping ${removed.join(", ")} allowed: its SCP allows ${added.join(", ")} before its environments use them`,
            });
            after.push({ stack: o.stack, why: `again last: its SCP stops allowing ${removed.join(", ")}` });
        }
    }
    const envRuns = [...environments.filter((e) => governed.has(e)), ...environments.filter((e) => !governed.has(e))].map((stack) => ({ stack }));
    return [...before, ...envRuns, ...after];
}
