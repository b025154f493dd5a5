/**
 * Dynamic providers stored by reference: what Pulumi keeps in the state for each dynamic resource
 * is a few lines that load the provider from the project's checkout, not the provider's code: the
 * provider's name, which loadProvider.js (the one file states name, which never moves) maps to its
 * module today.
 *
 * Pulumi serializes a dynamic resource's provider into the resource's inputs and outputs with its
 * closure serializer, which copies local modules by value (node_modules packages become
 * `require(...)`). For ModelAccess that was about 55 KB, twice per resource, rewritten at every
 * checkpoint. Here the serialized object holds only the module's path relative to the project
 * directory and the export's name; the dynamic-provider process (started by the engine in the
 * project directory) loads the module with ts-node, transpile-only, once per process. The state
 * depends on the checkout, as it already did for the AWS SDK, which was always loaded from the
 * project's node_modules. docs/components.md, "State: the provider by reference", says what delete runs for which stack.
 */
import type { dynamic } from "@pulumi/pulumi";
import * as path from "node:path";

/** The operations a dynamic provider may implement, all forwarded. */
const OPERATIONS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * One provider object per module and export: @pulumi/pulumi serializes a dynamic provider once per
 * object (its cache is keyed by identity), and each serialization runs the closure serializer,
 * about 50 ms; a new object per resource cost 3 s before the first request of a 64-resource up.
 */
const providers = new Map<string, Record<string, unknown>>();

/** The providers loadProvider.js knows by name (its PROVIDERS table). */
export type ProviderName = "modelAccess" | "dataRetention" | "programEnrollment" | "mantleProject" | "useCaseForm";

/**
 * A provider whose every operation asks loadProvider.js for the provider called `name` and calls
 * it. The state stores the name and the loader's path relative to the program's working
 * directory, so a fresh checkout elsewhere finds the same file, and a provider that moves changes
 * only loadProvider.js's table.
 */
export function providerByReference<I, O>(name: ProviderName): dynamic.ResourceProvider<I, O> {
    let provider = providers.get(name);
    if (provider === undefined) {
        const loader = path.relative(process.cwd(), path.join(__dirname, "loadProvider.js")).split(path.sep).join("/").replace(/\.js$/, "");
        provider = forwardingProvider(name, loader);
        providers.set(name, provider);
    }
    return provider as unknown as dynamic.ResourceProvider<I, O>;
}

/**
 * Built from plain values only, so the closure serializer captures two strings and these small
 * functions (their text is stored twice per resource: keep it short). loadProvider.js registers
 * the TypeScript loader and requires the module; `path.resolve` resolves against the working
 * directory, which the engine sets to the program's.
 */
function forwardingProvider(name: string, loader: string): Record<string, unknown> {
    // This text is stored in every deployed state: "path", not "node:path", or each resource would show a diff.
    // biome-ignore lint/style/useNodejsImportProtocol: the serialized text must stay as deployed states hold it.
    const load = (): Record<string, (...args: unknown[]) => Promise<unknown>> => require(require("path").resolve(loader))(name);
    const forwarded: Record<string, unknown> = {};
    for (const operation of OPERATIONS) {
        forwarded[operation] = (...args: unknown[]) => load()[operation](...args);
    }
    return forwarded;
}
