/**
 * The engine tests' stack: ModelAccess for each configured model in each configured region, and
 * an application component that consumes the models through their inference profiles, the way
 * the real stack's IAM policies and outputs do.
 */
import * as pulumi from "@pulumi/pulumi";
import { ModelAccess } from "../../../components/modelAccess/modelAccess";
import { UseCaseForm } from "../../../components/modelAccess/inputs";

const config = new pulumi.Config();
const models = config.requireObject<string[]>("models");
const regions = config.getObject<string[]>("regions") ?? ["ap-southeast-1"];
const useCaseForm = config.getSecretObject<UseCaseForm>("useCaseForm");

const access = models.flatMap((modelId) =>
    regions.map(
        (region) =>
            new ModelAccess(`${modelId}-${region}`.replace(/[^A-Za-z0-9-]+/g, "-"), {
                modelId,
                region,
                useCaseForm,
                revokeOnDelete: config.getBoolean("revokeOnDelete") ?? false,
                waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds") ?? 60,
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
new Application("chat-backend", models.map((m) => `apac.${m}`), { dependsOn: access });

export const status = pulumi
    .all(access.map((a) => pulumi.all([a.region, a.modelId, a.agreementStatus])))
    .apply((rows) => Object.fromEntries(rows.map(([r, m, s]) => [`${r}/${m}`, s])));
