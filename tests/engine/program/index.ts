/**
 * The engine tests' stack: ModelAccess resources only (the AWS provider plugin is not available
 * to the tests), declared either for each configured model in each configured region, or, with
 * `profiles`, exactly as the real stack plans them (stack/modelAccessPlan.ts: one per model and
 * region, whatever profiles ask for it). An application component consumes the models.
 */
import * as pulumi from "@pulumi/pulumi";
import { ModelAccess } from "../../../components/modelAccess/modelAccess";
import type { UseCaseForm } from "../../../components/modelAccess/inputs";
import { declareModelAccess, planModelAccess } from "../../../stack/modelAccessPlan";
import { resolveInferenceProfile } from "../../../bedrock/inferenceProfiles";
import type { DataRetentionMode } from "../../../bedrock/dataRetention";
import { DataRetention } from "../../../components/dataRetention/dataRetention";
import { dropStackTracesUnderEngine } from "../../../stack/stackTraces";

// As the real stack does (stack/stackTraces.ts).
dropStackTracesUnderEngine();

const config = new pulumi.Config();
const profiles = config.getObject<string[]>("profiles");
const models = profiles === undefined ? config.requireObject<string[]>("models") : [];
const regions = config.getObject<string[]>("regions") ?? ["ap-southeast-1"];
const useCaseForm = config.getSecretObject<UseCaseForm>("useCaseForm");
const revokeOnDestroy = config.getBoolean("revokeOnDestroy") ?? false;
const accessWaitTimeoutSeconds = config.getNumber("accessWaitTimeoutSeconds") ?? 60;
// With dataRetentionMode, one DataRetention per region, as the real stack declares them.
const dataRetentionMode = config.get("dataRetentionMode");
const restoreOnDestroy = config.getBoolean("restoreOnDestroy") ?? false;
const replaceExisting = config.getBoolean("replaceExisting") ?? false;
const retention =
    dataRetentionMode === undefined
        ? []
        : regions.map(
              (region) =>
                  new DataRetention(`data-retention-${region}`, { region, mode: dataRetentionMode as DataRetentionMode, restoreOnDestroy, replaceExisting }),
          );

const access: ModelAccess[] =
    profiles !== undefined
        ? [
              ...declareModelAccess(
                  planModelAccess(
                      profiles.map((id) => resolveInferenceProfile(id, regions[0])),
                      regions[0],
                      regions.slice(1),
                  ),
                  { useCaseForm, revokeOnDestroy, accessWaitTimeoutSeconds },
              ).values(),
          ]
        : models.flatMap((modelId) =>
              regions.map(
                  (region) =>
                      new ModelAccess(`${modelId}-${region}`.replace(/[^A-Za-z0-9-]+/g, "-"), {
                          modelId,
                          region,
                          useCaseForm,
                          revokeOnDestroy,
                          accessWaitTimeoutSeconds,
                      }),
              ),
          );

class Application extends pulumi.ComponentResource {
    readonly inferenceProfileIds: pulumi.Output<string[]>;
    constructor(name: string, profileIds: string[], opts: pulumi.ComponentResourceOptions) {
        super("model-access-e2e:index:Application", name, {}, opts);
        this.inferenceProfileIds = pulumi.output(profileIds);
        this.registerOutputs({ inferenceProfileIds: this.inferenceProfileIds });
    }
}
new Application("chat-backend", profiles ?? models.map((m) => `apac.${m}`), { dependsOn: access });

export const status = pulumi
    .all(access.map((a) => pulumi.all([a.region, a.modelId, a.agreementStatus])))
    .apply((rows) => Object.fromEntries(rows.map(([r, m, s]) => [`${r}/${m}`, s])));

export const lifecycle = pulumi
    .all(access.map((a) => pulumi.all([a.region, a.modelId, a.lifecycleStatus, a.endOfLifeTime])))
    .apply((rows) => Object.fromEntries(rows.map(([r, m, status, eol]) => [`${r}/${m}`, { status, endOfLifeTime: eol }])));

// Only for stacks that manage it, so the other tests' outputs stay as they were.
export const dataRetention =
    dataRetentionMode === undefined
        ? undefined
        : pulumi
              .all(retention.map((r) => pulumi.all([r.region, r.mode, r.previousMode])))
              .apply((rows) => Object.fromEntries(rows.map(([region, mode, previousMode]) => [region, { mode, previousMode }])));
