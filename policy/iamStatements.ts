/**
 * Parsing IAM policy documents in every shape Pulumi programs write them (JSON text or objects,
 * one statement or a list, strings or lists) into statements with normalized conditions.
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

/** A label for a statement in messages. */
export function describeStatement(statement: Statement, index: number): string {
    return statement.sid ? `statement "${statement.sid}"` : `statement ${index + 1}`;
}
