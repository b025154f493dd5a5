/**
 * IAM policy documents in every shape Pulumi programs write them: JSON text or objects, one
 * statement or a list, actions and resources as a string or a list, in managed policies, inline
 * policies of roles, users and groups, and a role's `inlinePolicies`.
 */

export interface Statement {
    readonly sid?: string;
    readonly effect: string;
    readonly action?: string[];
    readonly notAction?: string[];
    readonly resource?: string[];
    readonly notResource?: string[];
    /** Condition operator -> key (lower-case) -> values. */
    readonly condition: Record<string, Record<string, string[]>>;
}

export interface FoundDocument {
    /** Where the document is, for messages: "policy", "inlinePolicies[0].policy". */
    readonly where: string;
    readonly raw: unknown;
}

/** The IAM documents a resource carries, by resource type. Empty for other types. */
export function documentsOf(type: string, props: Record<string, unknown>): FoundDocument[] {
    switch (type) {
        case "aws:iam/policy:Policy":
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return props.policy === undefined ? [] : [{ where: "policy", raw: props.policy }];
        case "aws:iam/role:Role": {
            const inline = props.inlinePolicies;
            if (!Array.isArray(inline)) {
                return [];
            }
            return inline
                .map((p: unknown, i) => ({ where: `inlinePolicies[${i}].policy`, raw: (p as { policy?: unknown } | null)?.policy }))
                .filter((d) => d.raw !== undefined && d.raw !== null && d.raw !== "");
        }
        default:
            return [];
    }
}

function strings(value: unknown): string[] | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => String(v));
}

function normalizeCondition(value: unknown): Record<string, Record<string, string[]>> {
    if (typeof value !== "object" || value === null) {
        return {};
    }
    const out: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
        if (typeof block !== "object" || block === null) {
            continue;
        }
        out[operator] = {};
        for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
            out[operator][key.toLowerCase()] = strings(values) ?? [];
        }
    }
    return out;
}

/** Parses a document; a string that is not JSON or a shape that is not a policy gives an error text. */
export function parseDocument(raw: unknown): { statements: Statement[] } | { error: string } {
    let document: unknown = raw;
    if (typeof raw === "string") {
        try {
            document = JSON.parse(raw);
        } catch {
            return { error: "is not valid JSON" };
        }
    }
    if (typeof document !== "object" || document === null) {
        return { error: "is not a policy document" };
    }
    const statementValue = (document as Record<string, unknown>).Statement;
    if (statementValue === undefined) {
        return { statements: [] };
    }
    const list = Array.isArray(statementValue) ? statementValue : [statementValue];
    const statements: Statement[] = [];
    for (const s of list) {
        if (typeof s !== "object" || s === null) {
            return { error: "has a statement that is not an object" };
        }
        const st = s as Record<string, unknown>;
        statements.push({
            sid: typeof st.Sid === "string" ? st.Sid : undefined,
            effect: String(st.Effect ?? ""),
            action: strings(st.Action),
            notAction: strings(st.NotAction),
            resource: strings(st.Resource),
            notResource: strings(st.NotResource),
            condition: normalizeCondition(st.Condition),
        });
    }
    return { statements };
}

/** IAM wildcard match (`*` any run, `?` one character), case-insensitive as IAM treats actions. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = true): boolean {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
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

/** A label for a statement in messages. */
export function describeStatement(statement: Statement, index: number): string {
    return statement.sid ? `statement "${statement.sid}"` : `statement ${index + 1}`;
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

/**
 * Whether an error is @pulumi/policy's "value unknown during preview". Matched by name: the class
 * is internal, and a pack can load a second copy of the package.
 */
export function isUnknownValueError(err: unknown): boolean {
    return typeof err === "object" && err !== null && (err as object).constructor?.name === "UnknownValueError";
}
