/**
 * Failures that still record the resource: the engine stores the error's id and properties, so
 * refresh, destroy and the next up can continue from an agreement that was already requested.
 */
import type { ModelAccessInputs } from "./inputs";
import { type ModelAccessState, resourceId } from "./state";

/** An error that still records the resource: the engine stores id and properties, and the next up resumes. */
export interface PartialStateError extends Error {
    readonly id: string;
    readonly properties: ModelAccessState;
    readonly reasons: string[];
}

/**
 * The key under which the dynamic-provider host keeps the serialized provider in a resource's
 * state. The host adds it to what create and update return, but not to the properties of a
 * partial-state error; without it the engine cannot load the provider again, and refresh and
 * destroy fail ("code must be a string").
 */
export const PROVIDER_KEY = "__provider";

export function partialStateError(state: ModelAccessState, message: string): PartialStateError {
    return Object.assign(new Error(message), {
        id: resourceId(state.region, state.modelId),
        properties: state,
        reasons: [message],
    });
}

/** Copies the serialized provider from the inputs into a partial-state error's properties. */
export function withProvider(err: unknown, inputs: ModelAccessInputs): unknown {
    const partial = err as Partial<PartialStateError>;
    const provider = (inputs as unknown as Record<string, unknown>)[PROVIDER_KEY];
    if (partial.id === undefined || partial.properties === undefined || provider === undefined) {
        return err;
    }
    return Object.assign(partial, { properties: { ...partial.properties, [PROVIDER_KEY]: provider } });
}
