/**
 * bedrock-model-access: for one environment (one stack), enables the models behind the
 * configured cross-region inference profiles and declares least-privilege invoke policies,
 * declares the model allow-list guardrail that keeps every other model unusable, then exports
 * what the application's configuration needs. The outline: settings, preflight, declare, outputs.
 * The organization stack (docs/organization.md) declares its environments' SCP instead.
 */
import { declareEnvironment, stackOutputs } from "./stack/environment";
import { declareOrganization } from "./stack/organization";
import { preflight } from "./stack/preflight";
import { readStackConfig } from "./stack/settings";
import { dropStackTracesUnderEngine } from "./stack/stackTraces";

export = async () => {
    dropStackTracesUnderEngine();
    const stack = readStackConfig();
    if (stack.role === "organization") {
        return declareOrganization(stack.settings);
    }
    const settings = stack.settings;
    // Every AWS read before anything is declared: a problem stops the preview with nothing half-created.
    const checked = await preflight(settings);
    return stackOutputs(settings, declareEnvironment(settings, checked));
};
