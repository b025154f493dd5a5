/**
 * IAM policy documents in every shape Pulumi programs write them: JSON text or objects, one
 * statement or a list, actions and resources as a string or a list, in managed policies, inline
 * policies of roles, users and groups, and a role's `inlinePolicies`.
 */
import { UnknownValueError } from "@pulumi/policy";

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

/** Where documents sit in a resource's inputs: a property path, `[]` for every element of a list. */
const DOCUMENT_PATHS: Readonly<Record<string, readonly string[]>> = {
    // @pulumi/aws
    "aws:iam/policy:Policy": ["policy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:iam/userPolicy:UserPolicy": ["policy"],
    "aws:iam/groupPolicy:GroupPolicy": ["policy"],
    "aws:iam/role:Role": ["inlinePolicies[].policy"],
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": ["inlinePolicy"],
    // @pulumi/aws-native (CloudFormation shapes: objects, or JSON text)
    "aws-native:iam:ManagedPolicy": ["policyDocument"],
    "aws-native:iam:RolePolicy": ["policyDocument"],
    "aws-native:iam:UserPolicy": ["policyDocument"],
    "aws-native:iam:GroupPolicy": ["policyDocument"],
    "aws-native:iam:Role": ["policies[].policyDocument"],
    "aws-native:iam:User": ["policies[].policyDocument"],
    "aws-native:iam:Group": ["policies[].policyDocument"],
    "aws-native:sso:PermissionSet": ["inlinePolicy"],
};

/** Where managed-policy ARNs sit in a resource's inputs (attachments, and lists on principals). */
const MANAGED_POLICY_PATHS: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["policyArn"],
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": ["policyArn"],
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ["policyArn"],
    "aws:iam/policyAttachment:PolicyAttachment": ["policyArn"],
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": ["policyArns[]"],
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": ["policyArns[]"],
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": ["policyArns[]"],
    "aws:iam/role:Role": ["managedPolicyArns[]"],
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": ["managedPolicyArn"],
    "aws-native:iam:Role": ["managedPolicyArns[]"],
    "aws-native:iam:User": ["managedPolicyArns[]"],
    "aws-native:iam:Group": ["managedPolicyArns[]"],
    "aws-native:sso:PermissionSet": ["managedPolicies[]"],
};

/** The resource types whose inputs the pack reads for IAM documents or managed-policy ARNs. */
export const READ_TYPES = { documents: Object.keys(DOCUMENT_PATHS), managedPolicies: Object.keys(MANAGED_POLICY_PATHS) };

/** Values at a path such as `policies[].policyDocument`, with where each was found. */
/**
 * Reads `read()`, or gives undefined for a value unknown at preview when `skipUnknown` (the
 * caller then leaves that one value out and still reads the others).
 */
function readKnown<T>(read: () => T, skipUnknown: boolean): T | undefined {
    try {
        return read();
    } catch (err) {
        if (skipUnknown && err instanceof UnknownValueError) {
            return undefined;
        }
        throw err;
    }
}

function valuesAt(props: Record<string, unknown>, path: string, skipUnknown = false): { where: string; value: unknown }[] {
    let found: { where: string; value: unknown }[] = [{ where: "", value: props }];
    for (const part of path.split(".")) {
        const list = part.endsWith("[]");
        const key = list ? part.slice(0, -2) : part;
        const next: { where: string; value: unknown }[] = [];
        for (const { where, value } of found) {
            if (typeof value !== "object" || value === null) {
                continue;
            }
            const child = readKnown(() => (value as Record<string, unknown>)[key], skipUnknown);
            const childWhere = where === "" ? key : `${where}.${key}`;
            if (child === undefined || child === null || child === "") {
                continue;
            }
            if (list) {
                if (Array.isArray(child)) {
                    for (let i = 0; i < child.length; i++) {
                        next.push({ where: `${childWhere}[${i}]`, value: readKnown(() => child[i] as unknown, skipUnknown) });
                    }
                }
            } else {
                next.push({ where: childWhere, value: child });
            }
        }
        found = next;
    }
    return found.filter((f) => f.value !== undefined && f.value !== null && f.value !== "");
}

/** The IAM documents a resource carries, by resource type. Empty for other types. */
export function documentsOf(type: string, props: Record<string, unknown>): FoundDocument[] {
    return (DOCUMENT_PATHS[type] ?? []).flatMap((path) => valuesAt(props, path).map(({ where, value }) => ({ where, raw: value })));
}

/** The managed-policy ARNs a resource attaches, by resource type. */
export function managedPolicyArnsOf(type: string, props: Record<string, unknown>): { where: string; arn: unknown }[] {
    // At preview, the ARN of a policy the stack creates is not known yet; an AWS-managed policy's
    // ARN is a fixed string, always known, so an unknown one is left out and the others still read.
    return (MANAGED_POLICY_PATHS[type] ?? []).flatMap((path) => valuesAt(props, path, true).map(({ where, value }) => ({ where, arn: value })));
}

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
