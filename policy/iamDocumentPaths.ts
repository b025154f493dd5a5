/**
 * Finding IAM documents and managed-policy ARNs in a resource's inputs, by resource type: where
 * managed policies, inline policies of roles, users and groups, a role's `inlinePolicies`,
 * aws-native and SSO resources keep them. Values unknown at preview are reported or skipped.
 */
import { UnknownValueError } from "@pulumi/policy";
import { allowsAction } from "./iamJudging";
import { type Statement, describeStatement, parseDocument } from "./iamStatements";

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
 * Whether an error is @pulumi/policy's "value unknown during preview". Matched by name: the class
 * is internal, and a pack can load a second copy of the package.
 */
export function isUnknownValueError(err: unknown): boolean {
    return typeof err === "object" && err !== null && (err as object).constructor?.name === "UnknownValueError";
}

/** A value read from a resource, or undefined where it is not known yet (preview). */
export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (err) {
        if (isUnknownValueError(err)) {
            return undefined;
        }
        throw err;
    }
}

/**
 * Reports, for every IAM document a resource carries, each problem of each Allow statement that
 * grants one of `actions` (directly, by wildcard or through NotAction), naming the resource, the
 * document and the statement; a document that cannot be parsed is reported as such.
 */
export function reportGrantProblems(
    args: { readonly type: string; readonly name: string; readonly props: Record<string, unknown> },
    reportViolation: (message: string) => void,
    actions: readonly string[],
    problemsOf: (statement: Statement) => string[],
): void {
    for (const document of documentsOf(args.type, args.props)) {
        const parsed = parseDocument(document.raw);
        if ("error" in parsed) {
            reportViolation(`${args.name}: ${document.where} could not be checked: it ${parsed.error}.`);
            continue;
        }
        parsed.statements.forEach((statement, i) => {
            if (!actions.some((action) => allowsAction(statement, action))) {
                return;
            }
            for (const problem of problemsOf(statement)) {
                reportViolation(`${args.name}: ${document.where} ${describeStatement(statement, i)} ${problem}.`);
            }
        });
    }
}
