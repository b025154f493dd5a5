/**
 * bedrock-model-access: for one environment (one stack), enables the models behind the
 * configured cross-region inference profiles and declares least-privilege invoke policies,
 * declares the model allow-list guardrail that keeps every other model unusable, then exports
 * what the application's configuration needs. The outline: settings, preflight, declare, outputs.
 */
import { declareEnvironment, stackOutputs } from "./stack/environment";
import { preflight } from "./stack/preflight";
import { readStackSettings } from "./stack/settings";
import { dropStackTracesUnderEngine } from "./stack/stackTraces";

export = async () => {
    dropStackTracesUnderEngine();
    const settings = readStackSettings();
    // Every AWS read before anything is declared: a problem stops the preview with nothing half-created.
    const checked = await preflight(settings);
    return stackOutputs(settings, declareEnvironment(settings, checked));
};
