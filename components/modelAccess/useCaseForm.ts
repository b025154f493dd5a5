/**
 * Anthropic's use-case form, submitted once per account and region, also when several
 * ModelAccess resources of one region are created at once.
 */
import { isAnthropicModel } from "../../bedrock/models";
import type { BedrockControlPlane } from "../../aws/bedrock";
import { type ModelAccessInputs, serializeUseCaseForm } from "./inputs";
import type { Log } from "./progress";

/**
 * Anthropic's use-case form must be on the account before an Anthropic agreement can be made.
 * It is personal data, submitted once per account and region: when several ModelAccess resources
 * of one region are created at once (the engine's parallelism), the first checks and submits and
 * the others wait for its answer. The engine runs every ModelAccess of a stack in one
 * dynamic-provider process, whose global object holds the pending checks (a module-level value
 * would be copied into each resource's serialized provider, not shared).
 * Returns true for the one resource that submitted the form.
 */
export async function ensureUseCaseForm(bedrock: BedrockControlPlane, inputs: ModelAccessInputs, log: Log): Promise<boolean> {
    if (!isAnthropicModel(inputs.modelId)) {
        return false;
    }
    const holder = global as unknown as { bedrockModelAccessForms?: Map<string, Promise<void>> };
    holder.bedrockModelAccessForms ??= new Map<string, Promise<void>>();
    const pending = holder.bedrockModelAccessForms;
    const key = bedrock.region;
    const earlier = pending.get(key);
    if (earlier !== undefined) {
        await earlier;
        return false;
    }
    let submitted = false;
    const check = (async () => {
        submitted = await submitUseCaseFormIfMissing(bedrock, inputs, log);
    })();
    pending.set(key, check);
    try {
        await check;
    } finally {
        // Kept only while it runs: a later update checks the account afresh.
        pending.delete(key);
    }
    return submitted;
}

export async function submitUseCaseFormIfMissing(bedrock: BedrockControlPlane, inputs: ModelAccessInputs, log: Log): Promise<boolean> {
    if (await bedrock.hasUseCaseForm()) {
        return false;
    }
    if (inputs.useCaseForm === undefined) {
        throw new Error(
            `Anthropic requires its use-case form before ${inputs.modelId} can be enabled, and this account ` +
                `has none in ${bedrock.region}. Supply it as secret configuration, for example ` +
                `\`pulumi config set --secret --path useCaseForm.companyName "Example Corp"\` (and companyWebsite, ` +
                `intendedUsers, industryOption, useCases; see docs/operators.md), then run pulumi up again.`,
        );
    }
    await bedrock.putUseCaseForm(serializeUseCaseForm(inputs.useCaseForm));
    log(`Submitted Anthropic's use-case form in ${bedrock.region}.`);
    return true;
}
