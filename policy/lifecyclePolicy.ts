/**
 * Model lifecycle: which environments run models that are going away. Reads what ModelAccess
 * records (its outputs lifecycleStatus and endOfLifeTime, kept current by `pulumi refresh`; a
 * stack policy, because only stack policies see outputs), so
 * `pulumi policy analyze` on a deployed environment's state answers it without any AWS call.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./bedrockIds";
import { DEFAULT_WARN_DAYS_BEFORE_END_OF_LIFE, type LifecycleConfig, lifecycleSchema, withDefaults } from "./config";
import { isUnknownValueError } from "./iamDocumentPaths";

const DAY_MS = 86_400_000;

export const modelLifecycle: StackValidationPolicy = {
    name: "bedrock-model-lifecycle",
    description:
        "Model access is to an Active model whose end of life is not near: Legacy models, and models within warnDaysBeforeEndOfLife of their end of life (or past it), are flagged.",
    enforcementLevel: "advisory",
    configSchema: lifecycleSchema,
    validateStack: (args, reportViolation) => {
        const { warnDaysBeforeEndOfLife } = withDefaults(args.getConfig<Partial<LifecycleConfig>>(), {
            warnDaysBeforeEndOfLife: DEFAULT_WARN_DAYS_BEFORE_END_OF_LIFE,
        });
        for (const resource of args.resources.filter((r) => r.type === TYPES.modelAccess)) {
            try {
                check(resource.name, resource.urn, resource.props, warnDaysBeforeEndOfLife, reportViolation);
            } catch (err) {
                if (!isUnknownValueError(err)) {
                    throw err;
                }
                // Not known until the resource is created; checked again on update.
            }
        }
    },
};

function check(
    name: string,
    urn: string,
    props: Record<string, unknown>,
    warnDaysBeforeEndOfLife: number,
    report: (message: string, urn?: string) => void,
): void {
    const reportViolation = (message: string) => report(message, urn);
    const { modelId, region, lifecycleStatus, endOfLifeTime } = props;
    const subject = `${name} enables ${String(modelId)} in ${String(region)}`;
    const eol = typeof endOfLifeTime === "string" ? Date.parse(endOfLifeTime) : Number.NaN;
    const move = "Move the environment to an Active model (`npm run models -- --region <region>` lists them).";
    if (!Number.isNaN(eol) && eol <= Date.now()) {
        reportViolation(`${subject}, which reached its end of life on ${String(endOfLifeTime).slice(0, 10)}. ${move}`);
    } else if (!Number.isNaN(eol) && eol - Date.now() <= warnDaysBeforeEndOfLife * DAY_MS) {
        const days = Math.ceil((eol - Date.now()) / DAY_MS);
        reportViolation(`${subject}, whose end of life is ${String(endOfLifeTime).slice(0, 10)}, in ${days} days. ${move}`);
    } else if (lifecycleStatus === "LEGACY") {
        reportViolation(`${subject}, which Bedrock lists as Legacy${Number.isNaN(eol) ? "" : ` (end of life ${String(endOfLifeTime).slice(0, 10)})`}. ${move}`);
    }
}
