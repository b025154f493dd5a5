/**
 * Dynamic providers stored by reference: what Pulumi keeps in the state for each dynamic resource
 * is a few lines that load the provider from the project's checkout, not the provider's code.
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
import * as path from "path";

/** The operations a dynamic provider may implement, all forwarded. */
const OPERATIONS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * A provider whose every operation loads `exportName` of the module at `moduleFile` (an absolute
 * path, usually `__filename` of the implementation) and calls it. The path is stored relative to
 * the program's working directory, so a fresh checkout elsewhere finds the same file.
 */
export function providerByReference<I, O>(moduleFile: string, exportName: string): dynamic.ResourceProvider<I, O> {
    const relativeFile = path.relative(process.cwd(), moduleFile).split(path.sep).join("/").replace(/\.[cm]?[jt]s$/, "");
    return forwardingProvider(relativeFile, exportName) as unknown as dynamic.ResourceProvider<I, O>;
}

/**
 * Built from plain values only, so the closure serializer captures two strings and these small
 * functions (their text is stored twice per resource: keep it short). The dynamic-provider process
 * has no TypeScript loader of its own: ts-node, transpile-only, registered once per process (it
 * finds the tsconfig.json of the working directory). `path.resolve` resolves against that directory.
 */
function forwardingProvider(relativeFile: string, exportName: string): Record<string, unknown> {
    const load = (): Record<string, (...args: unknown[]) => Promise<unknown>> => {
        if (!(process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")]) {
            (require("ts-node") as typeof import("ts-node")).register({ transpileOnly: true });
        }
        return (require((require("path") as typeof path).resolve(relativeFile)) as Record<string, ReturnType<typeof load>>)[exportName];
    };
    const forwarded: Record<string, unknown> = {};
    for (const operation of OPERATIONS) {
        forwarded[operation] = (...args: unknown[]) => load()[operation](...args);
    }
    return forwarded;
}
