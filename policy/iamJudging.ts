/**
 * Judging parsed IAM statements: which actions an Allow grants (wildcards, NotAction), and which
 * condition operators really pin a key to the values they list.
 */
import type { Statement } from "./iamStatements";

/**
 * Condition operators that pin a key to the values they list: equality and Like/Arn matches, not
 * negated (`Not...` allows everything else), not `...IfExists` (true when the key is absent, as on
 * a direct model call), not `ForAllValues:` (true when the key is absent).
 */
const PINNING_OPERATORS: readonly string[] = [
    "stringequals",
    "stringequalsignorecase",
    "stringlike",
    "arnequals",
    "arnlike",
    "foranyvalue:stringequals",
    "foranyvalue:stringequalsignorecase",
    "foranyvalue:stringlike",
    "foranyvalue:arnequals",
    "foranyvalue:arnlike",
];

export const PINNING_OPERATOR_NAMES = PINNING_OPERATORS;

/**
 * The values a condition key is pinned to: from pinning operators only. `weakened` lists the other
 * operators that name the key (for messages); `values` is undefined when no pinning operator does.
 */
export function pinnedValues(statement: Statement, key: string): { values?: string[]; weakened: string[] } {
    const wanted = key.toLowerCase();
    let values: string[] | undefined;
    const weakened: string[] = [];
    for (const [operator, block] of Object.entries(statement.condition)) {
        if (block[wanted] === undefined) {
            continue;
        }
        if (PINNING_OPERATORS.includes(operator.toLowerCase())) {
            values = [...(values ?? []), ...block[wanted]];
        } else {
            weakened.push(operator);
        }
    }
    return { values, weakened };
}

/** IAM wildcard match (`*` any run, `?` one character), case-insensitive as IAM treats actions. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = true): boolean {
    const escaped = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${escaped}$`, caseInsensitive ? "i" : "").test(value);
}

/** Whether an Allow statement grants the action (through Action wildcards or NotAction). */
export function allowsAction(statement: Statement, action: string): boolean {
    if (statement.effect !== "Allow") {
        return false;
    }
    if (statement.action !== undefined) {
        return statement.action.some((pattern) => wildcardMatches(pattern, action));
    }
    if (statement.notAction !== undefined) {
        return !statement.notAction.some((pattern) => wildcardMatches(pattern, action));
    }
    return false;
}

/** The values of a condition key under any operator (keys compared case-insensitively). */
export function conditionValues(statement: Statement, key: string): string[] | undefined {
    const wanted = key.toLowerCase();
    let found: string[] | undefined;
    for (const block of Object.values(statement.condition)) {
        if (block[wanted] !== undefined) {
            found = [...(found ?? []), ...block[wanted]];
        }
    }
    return found;
}
