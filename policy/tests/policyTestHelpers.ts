/**
 * Small helpers to run one policy the way the engine does: build its arguments, wrap the props
 * in @pulumi/policy's unknown-checking proxy, and collect the violations it reports.
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

// The proxy and the unknown sentinels are internal to @pulumi/policy; the engine uses them for
// every preview, so the tests do too.
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    unknownStringValue: string;
};

/** A value not known until apply, as props carry it during preview. */
export const UNKNOWN: string = proxy.unknownStringValue;

export interface Outcome {
    /** The violation messages, in order. */
    readonly violations: string[];
    /** The URN each violation named, if any. */
    readonly urns: (string | undefined)[];
    /** The policy stopped at a value unknown during preview (the engine reports it as advisory). */
    readonly unknown: boolean;
}

async function collect(run: (report: (message: string, urn?: string) => void) => Promise<void> | void): Promise<Outcome> {
    const violations: string[] = [];
    const urns: (string | undefined)[] = [];
    try {
        await run((message, urn) => {
            violations.push(message);
            urns.push(urn);
        });
    } catch (err) {
        if ((err as object).constructor?.name === "UnknownValueError") {
            return { violations, urns, unknown: true };
        }
        throw err;
    }
    return { violations, urns, unknown: false };
}

function urnOf(type: string, name: string): string {
    return `urn:pulumi:dev::test::${type}::${name}`;
}

export interface ResourceInput {
    readonly type: string;
    readonly props: Record<string, unknown>;
    readonly name?: string;
    readonly providerProps?: Record<string, unknown>;
    /** Property -> names of the resources (in the same checkStack call) it depends on. */
    readonly propertyDependencies?: Record<string, string[]>;
}

export function resourceArgs(resource: ResourceInput, config: object = {}): ResourceValidationArgs {
    const name = resource.name ?? "subject";
    return {
        type: resource.type,
        props: proxy.unknownCheckingProxy(resource.props),
        urn: urnOf(resource.type, name),
        name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        provider:
            resource.providerProps === undefined
                ? undefined
                : { type: "pulumi:providers:aws", props: resource.providerProps, urn: urnOf("pulumi:providers:aws", "default"), name: "default" },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
}

/** Runs a resource policy on one resource. */
export function checkResource(policy: ResourceValidationPolicy, resource: ResourceInput, config: object = {}): Promise<Outcome> {
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    return collect(async (report) => {
        for (const validate of validations) {
            await validate(resourceArgs(resource, config), report);
        }
    });
}

/** Runs a stack policy on a set of resources. */
export function checkStack(policy: StackValidationPolicy, resources: ResourceInput[], config: object = {}): Promise<Outcome> {
    const policyResources: PolicyResource[] = resources.map((r, i) => {
        const name = r.name ?? `resource-${i}`;
        return {
            type: r.type,
            props: proxy.unknownCheckingProxy(r.props),
            urn: urnOf(r.type, name),
            name,
            opts: resourceArgs(r).opts,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
    });
    // Linked after all exist, as the engine gives each resource its dependencies' own objects.
    resources.forEach((r, i) => {
        for (const [property, dependencyNames] of Object.entries(r.propertyDependencies ?? {})) {
            policyResources[i].propertyDependencies[property] = dependencyNames.map((n) => {
                const found = policyResources.find((p) => p.name === n);
                if (found === undefined) {
                    throw new Error(`test setup: no resource named ${n}`);
                }
                return found;
            });
        }
    });
    const args: StackValidationArgs = {
        resources: policyResources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    return collect((report) => policy.validateStack(args, report));
}

/** An IAM policy document with the given statements. */
export function doc(...statements: unknown[]): { Version: string; Statement: unknown[] } {
    return { Version: "2012-10-17", Statement: statements };
}
