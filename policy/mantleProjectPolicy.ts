/**
 * bedrock-mantle in the environment's project: where the stack declares its Bedrock project
 * (MantleProject), every grant of a model-running bedrock-mantle action is evaluated, with the IAM
 * evaluator, for a call in another project of the account; a grant that allows it (project/*, or
 * any wildcard that reaches past the environment's project) fails.
 */
import { runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { StackValidationPolicy } from "@pulumi/policy";
import { MANTLE_MODEL_ACTIONS, MANTLE_MODEL_KEY, MANTLE_PROJECT_TYPE } from "./bedrockFacts";
import { documentsOf } from "./iamDocumentPaths";
import { allowsAction, pinnedValues } from "./iamJudging";
import { parseDocument } from "./iamStatements";

/** A project ID no environment has (the Projects API's IDs are proj_ followed by letters and digits). */
export const OTHER_PROJECT_ID = "proj_anotherenvironment";

/** The other project a grant must not reach, in the environment project's region and account (from its bedrock-mantle ARN). */
export function otherProjectArn(environmentProjectArn: string): string | undefined {
    const match = /^(arn:[^:]+:bedrock-mantle:[^:]+:\d{12}:project\/)([A-Za-z0-9_-]+)$/.exec(environmentProjectArn);
    return match === null ? undefined : `${match[1]}${OTHER_PROJECT_ID}`;
}

/**
 * The bedrock-mantle model actions a document allows in `otherProject`, each asked of the IAM
 * evaluator with a model the document pins (or none), as the only identity policy.
 */
export function grantsOutsideProject(document: unknown, otherProject: string): string[] {
    const parsed = parseDocument(document);
    if ("error" in parsed) {
        return [];
    }
    const account = otherProject.split(":")[4];
    const models = [
        ...new Set(
            parsed.statements.flatMap((s) => (MANTLE_MODEL_ACTIONS.some((a) => allowsAction(s, a)) ? (pinnedValues(s, MANTLE_MODEL_KEY).values ?? []) : [])),
        ),
    ];
    const allowed: string[] = [];
    for (const action of MANTLE_MODEL_ACTIONS) {
        if (!parsed.statements.some((s) => allowsAction(s, action))) {
            continue;
        }
        for (const model of models.length > 0 ? models : ["anthropic.claude-opus-4-8"]) {
            const simulation = {
                request: {
                    principal: `arn:aws:iam::${account}:role/bedrock-model-access-project-check`,
                    action,
                    resource: { resource: otherProject, accountId: account },
                    contextVariables: { [MANTLE_MODEL_KEY]: model },
                },
                identityPolicies: [{ name: "grant", policy: typeof document === "string" ? JSON.parse(document) : document }],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
            } as unknown as Simulation;
            if (runUnsafeSimulation(simulation, {}) === "Allowed") {
                allowed.push(action);
                break;
            }
        }
    }
    return allowed;
}

export const mantleInEnvironmentProject: StackValidationPolicy = {
    name: "bedrock-mantle-in-environment-project",
    description:
        "Where the stack declares its Bedrock project, IAM documents that allow running a model on bedrock-mantle allow it in that project only (evaluated for a call in another project of the account), not on project/*.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const project = args.resources.find((r) => r.type === MANTLE_PROJECT_TYPE);
        const arn = project?.props.mantleArn;
        const other = typeof arn === "string" ? otherProjectArn(arn) : undefined;
        if (other === undefined) {
            return; // No project, or its ARN is not known yet (a first preview): nothing to evaluate against.
        }
        for (const resource of args.resources) {
            for (const document of documentsOf(resource.type, resource.props)) {
                const actions = grantsOutsideProject(document.raw, other);
                if (actions.length > 0) {
                    reportViolation(
                        `${resource.name}${document.where === "" ? "" : ` (${document.where})`} allows ${actions.join(", ")} in other projects of the account ` +
                            `(the IAM evaluator allows a call in ${other}), though the stack declares its project ${String(arn)}: name that project as the resource, not project/*.`,
                        resource.urn,
                    );
                }
            }
        }
    },
};
