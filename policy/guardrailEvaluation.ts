/**
 * Judging a guardrail by what it leaves usable: each Deny document of the stack (an SCP or an IAM
 * policy) is run through the IAM evaluator (@cloud-copilot/iam-simulate) over the road catalogue
 * (roads.ts), for a principal otherwise allowed everything (with FullAWSAccess beside an SCP). A
 * document that denies some other model is a model allow-list guardrail; each road it leaves open
 * that must be denied, or closes that must stay usable, is a finding with the deciding statement.
 */
import { getDenialReasons, runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import {
    APPLICATION_PROFILE_RESOURCE_TYPE,
    APPLICATION_PROFILE_TYPE,
    type ApiKeyPolicy,
    CLAUDE_PLATFORM_WORKSPACE_ARN,
    DATA_RETENTION_TYPE,
    MANTLE_MODEL_KEY,
} from "./bedrockFacts";
import { isModelAccessType, judgeModelId, modelOfProfileId, parseBedrockArn } from "./bedrockIds";
import { documentsOf, isUnknownValueError, known } from "./iamDocumentPaths";
import { allowsAction, pinnedValues } from "./iamJudging";
import { parseDocument, type Statement } from "./iamStatements";
import { PLACEHOLDER_ACCOUNT, type Road, type RoadFacts, partitionOf, roadCatalogue } from "./roads";

/** A resource as the pack (and the review, from a preview's events) sees it. */
export interface StackResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export interface RoadDecision {
    readonly road: Road;
    readonly decision: Decision;
    /** The guardrail statement that denied the request (its Sid, or its 1-based position), if one did. */
    readonly statement?: string;
    /** Whether the road is as it must be: denied roads explicitly denied, usable roads allowed. */
    readonly holds: boolean;
    /** How the evaluator judged it: "validated" (runSimulation), or "core" (runUnsafeSimulation) where the validating entry point cannot (see decide()). */
    readonly engine: "validated" | "core";
}

export interface JudgedGuardrail<R extends StackResource = StackResource> {
    readonly resource: R;
    readonly kind: "scp" | "iam";
    readonly decisions: RoadDecision[];
}

/** The reviewers' bounds the catalogue needs. */
export interface ReviewerBounds {
    readonly allowedModelIds: readonly string[];
    readonly allowedApiKeys: ApiKeyPolicy;
    readonly allowedClaudePlatformWorkspaces: readonly string[];
}

const SCP_TYPE = "aws:organizations/policy:Policy";
const IAM_POLICY_TYPE = "aws:iam/policy:Policy";
const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Sid: "AllowEverything", Effect: "Allow", Action: "*", Resource: "*" }] };

function simulation(road: Road, kind: "scp" | "iam", guardrail: object, account: string): Simulation {
    const partition = partitionOf(road.request.region === "unspecified" ? "us-east-1" : road.request.region);
    return {
        request: {
            principal: `arn:${partition}:iam::${account}:role/bedrock-model-access-road`,
            action: road.request.action,
            resource: { resource: road.request.resource, accountId: account },
            contextVariables: { ...road.request.context },
        },
        identityPolicies:
            kind === "iam"
                ? [
                      { name: "allow-everything", policy: ALLOW_ALL },
                      { name: "guardrail", policy: guardrail },
                  ]
                : [{ name: "allow-everything", policy: ALLOW_ALL }],
        serviceControlPolicies:
            kind === "scp"
                ? [
                      {
                          orgIdentifier: account,
                          policies: [
                              { name: "FullAWSAccess", policy: ALLOW_ALL },
                              { name: "guardrail", policy: guardrail },
                          ],
                      },
                  ]
                : [],
        resourceControlPolicies: [],
    } as Simulation;
}

/** The statement of `guardrail` that denies the road on its own, for the core engine (which gives no analysis). */
function denyingStatement(road: Road, kind: "scp" | "iam", statements: readonly Record<string, unknown>[], account: string): string | undefined {
    for (let i = 0; i < statements.length; i++) {
        if (statements[i].Effect !== "Deny") {
            continue;
        }
        const alone = { Version: "2012-10-17", Statement: [statements[i]] };
        if (runUnsafeSimulation(simulation(road, kind, alone, account), {}) === "ExplicitlyDenied") {
            return typeof statements[i].Sid === "string" ? (statements[i].Sid as string) : `statement ${i + 1}`;
        }
    }
    return undefined;
}

/**
 * The evaluator's decision on one road. Its validating entry point (runSimulation) refuses a
 * region-less foundation-model ARN (its resource catalogue has none, yet global routing reaches
 * one), does not know every action (InvokeModelWithBidirectionalStream), and drops context keys
 * its catalogue does not list for the action (aws-marketplace:ProductId on Subscribe, which AWS's
 * Bedrock user guide scopes by); for those, the same core engine decides without validation.
 */
async function decide(
    road: Road,
    kind: "scp" | "iam",
    guardrail: { Statement: Record<string, unknown>[] },
    account: string,
): Promise<Omit<RoadDecision, "holds">> {
    const sim = simulation(road, kind, guardrail, account);
    if (!road.request.resource.includes(":bedrock:::")) {
        const outcome = await runSimulation(sim, {});
        if (outcome.resultType === "single" && (outcome.result.ignoredContextKeys ?? []).length === 0) {
            const explicit = getDenialReasons(outcome.result.analysis).find((d) => d.denialType === "Explicit");
            const statement = explicit?.denialType === "Explicit" ? (explicit.statementId ?? `statement ${explicit.statementIndex}`) : undefined;
            return { road, decision: outcome.overallResult, statement, engine: "validated" };
        }
    }
    const decision = runUnsafeSimulation(sim, {});
    return {
        road,
        decision,
        statement: decision === "ExplicitlyDenied" ? denyingStatement(road, kind, guardrail.Statement, account) : undefined,
        engine: "core",
    };
}

/** Every road's decision under one guardrail document. */
export async function evaluateGuardrail(document: object, kind: "scp" | "iam", roads: readonly Road[], account = PLACEHOLDER_ACCOUNT): Promise<RoadDecision[]> {
    const raw = document as { Statement?: unknown };
    const guardrail = { ...raw, Statement: (Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement]) as Record<string, unknown>[] };
    const decisions: RoadDecision[] = [];
    for (const road of roads) {
        const decided = await decide(road, kind, guardrail, account);
        const holds = road.must === "denied" ? decided.decision === "ExplicitlyDenied" : decided.decision === "Allowed";
        decisions.push({ ...decided, holds });
    }
    return decisions;
}

/** The strings of a document (resources, conditions), where model IDs and profile ARNs may be named. */
function stringsOf(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    if (Array.isArray(value)) {
        return value.flatMap(stringsOf);
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).flatMap(stringsOf);
    }
    return [];
}

/** Concrete model IDs a document names (foundation-model and profile ARNs, bedrock-mantle:Model values). */
function modelsNamed(statements: readonly Record<string, unknown>[]): string[] {
    const found = new Set<string>();
    for (const text of stringsOf(statements.map((s) => [s.Resource, s.NotResource, s.Condition]))) {
        const arn = parseBedrockArn(text);
        const id =
            arn?.resourceType === "foundation-model" ? arn.resourceId : arn?.resourceType === "inference-profile" ? modelOfProfileId(arn.resourceId) : text;
        const verdict = judgeModelId(id);
        if (verdict.kind === "concrete") {
            found.add(verdict.modelId);
        }
    }
    return [...found].sort();
}

/** Concrete application-profile ARNs a document names. */
function applicationProfilesNamed(statements: readonly Record<string, unknown>[]): string[] {
    return [
        ...new Set(
            stringsOf(statements.map((s) => [s.Resource, s.NotResource, s.Condition])).filter(
                (text) => parseBedrockArn(text)?.resourceType === APPLICATION_PROFILE_RESOURCE_TYPE && !/[*?]/.test(text),
            ),
        ),
    ].sort();
}

/** Concrete Claude Platform on AWS workspace ARNs a document names. */
function workspacesNamed(statements: readonly Record<string, unknown>[]): string[] {
    return [...new Set(stringsOf(statements.map((s) => [s.Resource, s.NotResource])).filter((text) => CLAUDE_PLATFORM_WORKSPACE_ARN.test(text)))].sort();
}

/** What the stack itself declares, for the catalogue: its models, regions, profiles, endpoints and retention modes. */
export interface StackRoadFacts {
    readonly enabled: Map<string, string>;
    readonly regions: string[];
    readonly profileIds: string[];
    readonly mantleModels: string[];
    /** Undefined while any of them is not known (preview). */
    readonly applicationProfileArns?: string[];
    readonly dataRetentionModes: string[];
    readonly account: string;
}

/** The profiles and bedrock-mantle models the stack's own Allow grants name. */
function grantedRoads(resources: readonly StackResource[]): { profileIds: string[]; mantleModels: string[] } {
    const profileIds = new Set<string>();
    const mantleModels = new Set<string>();
    for (const resource of resources) {
        let statements: Statement[] = [];
        try {
            for (const document of documentsOf(resource.type, resource.props)) {
                const parsed = parseDocument(document.raw);
                statements = [...statements, ...("error" in parsed ? [] : parsed.statements)];
            }
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
        }
        for (const statement of statements) {
            if (allowsAction(statement, "bedrock:InvokeModel")) {
                for (const arn of statement.resource ?? []) {
                    const parsed = parseBedrockArn(arn);
                    if (parsed?.resourceType === "inference-profile" && modelOfProfileId(parsed.resourceId) !== undefined && !/[*?]/.test(parsed.resourceId)) {
                        profileIds.add(parsed.resourceId);
                    }
                }
            }
            if (allowsAction(statement, "bedrock-mantle:CreateInference")) {
                for (const value of pinnedValues(statement, MANTLE_MODEL_KEY).values ?? []) {
                    if (judgeModelId(value).kind === "concrete") {
                        mantleModels.add(value);
                    }
                }
            }
        }
    }
    return { profileIds: [...profileIds].sort(), mantleModels: [...mantleModels].sort() };
}

export function stackRoadFacts(resources: readonly StackResource[]): StackRoadFacts {
    const enabled = new Map<string, string>();
    const regions: string[] = [];
    for (const resource of resources.filter((r) => isModelAccessType(r.type))) {
        const verdict = judgeModelId(known(() => resource.props.modelId));
        if (verdict.kind === "concrete" && !enabled.has(verdict.modelId)) {
            enabled.set(verdict.modelId, resource.urn);
        }
        const region = known(() => resource.props.region);
        if (typeof region === "string" && !regions.includes(region)) {
            regions.push(region);
        }
    }
    let applicationProfileArns: string[] | undefined = [];
    for (const resource of resources.filter((r) => r.type === APPLICATION_PROFILE_TYPE)) {
        const arn = known(() => resource.props.arn);
        if (typeof arn !== "string" || parseBedrockArn(arn) === undefined) {
            applicationProfileArns = undefined;
            break;
        }
        applicationProfileArns.push(arn);
    }
    const dataRetentionModes = [
        ...new Set(
            resources
                .filter((r) => r.type === DATA_RETENTION_TYPE)
                .map((r) => known(() => r.props.mode))
                .filter((m): m is string => typeof m === "string"),
        ),
    ];
    const account = applicationProfileArns?.map((a) => parseBedrockArn(a)?.account).find((a) => a !== undefined && /^\d{12}$/.test(a)) ?? PLACEHOLDER_ACCOUNT;
    return { enabled, regions, ...grantedRoads(resources), applicationProfileArns, dataRetentionModes, account };
}

/** A Deny document of the stack that may be a guardrail: an SCP, or an IAM managed policy. */
function candidates<R extends StackResource>(
    resources: readonly R[],
): { candidates: { resource: R; kind: "scp" | "iam"; statements: Record<string, unknown>[] }[]; unknown: boolean } {
    const found: { resource: R; kind: "scp" | "iam"; statements: Record<string, unknown>[] }[] = [];
    let unknown = false;
    for (const resource of resources) {
        try {
            let raw: unknown;
            let kind: "scp" | "iam";
            if (resource.type === SCP_TYPE && (resource.props.type ?? "SERVICE_CONTROL_POLICY") === "SERVICE_CONTROL_POLICY") {
                raw = resource.props.content;
                kind = "scp";
            } else if (resource.type === IAM_POLICY_TYPE) {
                raw = resource.props.policy;
                kind = "iam";
            } else {
                continue;
            }
            const parsed = parseDocument(raw);
            if ("error" in parsed || !parsed.statements.some((s) => s.effect === "Deny")) {
                continue;
            }
            const document = (typeof raw === "string" ? JSON.parse(raw) : JSON.parse(JSON.stringify(raw))) as { Statement: unknown };
            found.push({
                resource,
                kind,
                statements: (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as Record<string, unknown>[],
            });
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            unknown = true;
        }
    }
    return { candidates: found, unknown };
}

/** The catalogue for one guardrail of the stack. */
export function roadsFor(stack: StackRoadFacts, bounds: ReviewerBounds, kind: "scp" | "iam", statements: readonly Record<string, unknown>[]): Road[] {
    const facts: RoadFacts = {
        placement: kind,
        regions: stack.regions,
        account: stack.account,
        enabledModels: [...stack.enabled.keys()],
        reviewedModels: bounds.allowedModelIds,
        profileIds: stack.profileIds,
        applicationProfileArns: stack.applicationProfileArns ?? [],
        foreignApplicationProfileArns:
            stack.applicationProfileArns === undefined ? [] : applicationProfilesNamed(statements).filter((a) => !stack.applicationProfileArns!.includes(a)),
        mantleModels: stack.mantleModels,
        probeModels: modelsNamed(statements).filter((m) => !bounds.allowedModelIds.includes(m)),
        allowedApiKeys: bounds.allowedApiKeys,
        namedWorkspaces: workspacesNamed(statements),
        dataRetentionModes: stack.dataRetentionModes,
        claudePlatformWorkspaces: bounds.allowedClaudePlatformWorkspaces,
    };
    return roadCatalogue(facts);
}

/**
 * The stack's model allow-list guardrails, each with every road's decision: the Deny documents
 * that deny at least one other model on bedrock-runtime or bedrock-mantle. `unknown` when a
 * document is not known yet (preview), so the caller can wait instead of failing.
 */
export async function judgeGuardrails<R extends StackResource>(
    resources: readonly R[],
    bounds: ReviewerBounds,
    scope: "every road" | "restriction only" = "every road",
): Promise<{ guardrails: JudgedGuardrail<R>[]; unknown: boolean; stack: StackRoadFacts }> {
    const stack = stackRoadFacts(resources);
    const found = candidates(resources);
    const guardrails: JudgedGuardrail<R>[] = [];
    for (const candidate of found.candidates) {
        const every = roadsFor(stack, bounds, candidate.kind, candidate.statements);
        // Whether a document is a guardrail at all needs only the other-model roads.
        const roads =
            scope === "every road"
                ? every
                : every.filter((r) => r.id.startsWith("bedrock-runtime/other-model/") || r.id.startsWith("bedrock-mantle/other-model/"));
        const decisions = await evaluateGuardrail({ Version: "2012-10-17", Statement: candidate.statements }, candidate.kind, roads, stack.account);
        const restrictsModels = decisions.some(
            (d) => d.road.must === "denied" && (d.road.family === "bedrock-runtime" || d.road.family === "bedrock-mantle") && d.decision === "ExplicitlyDenied",
        );
        if (restrictsModels) {
            guardrails.push({ resource: candidate.resource, kind: candidate.kind, decisions });
        }
    }
    return { guardrails, unknown: found.unknown, stack };
}
