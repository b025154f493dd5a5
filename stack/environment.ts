/**
 * The one place that turns settings into components: each component's arguments built from the
 * parsed settings and the preflight's reads, in the order they depend on each other, and the
 * stack's outputs (what the application's configuration needs).
 */
import * as pulumi from "@pulumi/pulumi";
import { mantleBaseUrl } from "../bedrock/endpoints";
import { ApplicationConfig, applicationParameterNames } from "../components/applicationConfig/applicationConfig";
import { InferenceProfileAccess } from "../components/inferenceProfileAccess/inferenceProfileAccess";
import { MantleModelAccess } from "../components/mantleModelAccess/mantleModelAccess";
import { ModelAllowList } from "../components/modelAllowList/modelAllowList";
import type { UsageCost } from "../components/usageCost/usageCost";
import type { InvocationLogging } from "../components/invocationLogging/invocationLogging";
import type { ModelAccess } from "../components/modelAccess/modelAccess";
import type { MantleProject } from "../components/mantleProject/mantleProject";
import type { ProgramEnrollment } from "../components/programEnrollment/programEnrollment";
import { type StackDataRetention, declareDataRetention } from "./dataRetention";
import { declareMantleProject, declareProgramEnrollments } from "./projectsAndPrograms";
import { declareInvocationLogging } from "./invocationLogging";
import { accessForProfile, declareModelAccess, resourceName } from "./modelAccessPlan";
import type { Preflight } from "./preflight";
import type { StackSettings } from "./settings";
import { applicationProfileFor, declareUsageCost } from "./usageTracking";

/** What the program declared, for its outputs. */
export interface DeclaredEnvironment {
    readonly profiles: readonly InferenceProfileAccess[];
    /** One per model served only on bedrock-mantle. */
    readonly mantleOnly: readonly MantleModelAccess[];
    readonly modelAccess: readonly ModelAccess[];
    readonly retention: StackDataRetention;
    readonly logging: readonly InvocationLogging[];
    readonly allowList?: ModelAllowList;
    readonly applicationConfig?: ApplicationConfig;
    readonly usageCost?: UsageCost;
    /** One per trusted-access program the configuration accepts. */
    readonly enrollments: readonly ProgramEnrollment[];
    /** The environment's Bedrock project, with "mantle" among the endpoints. */
    readonly mantleProject?: MantleProject;
}

export function declareEnvironment(settings: StackSettings, checked: Preflight): DeclaredEnvironment {
    const { plan } = checked;
    const retention = declareDataRetention(settings, checked);
    const logging = declareInvocationLogging(settings);
    const enrollments = declareProgramEnrollments(settings, checked);
    const access = declareModelAccess(plan, {
        useCaseForm: settings.useCaseForm,
        revokeOnDestroy: settings.revokeOnDestroy,
        accessWaitTimeoutSeconds: settings.accessWaitTimeoutSeconds,
        awsProfile: settings.awsProfile,
        // A gated model becomes visible, and can be enabled, once the account is enrolled.
        dependsOn: enrollments,
    });
    const mantleProject = declareMantleProject(settings);

    const prefix = settings.ssmParameterPrefix;
    const parameterNames =
        prefix === undefined
            ? []
            : Object.values(
                  applicationParameterNames(prefix, {
                      endpoints: settings.inferenceEndpoints,
                      usageTracking: settings.usageTracking !== undefined,
                      mantleOnlyModels: settings.mantleOnlyModels.length > 0,
                  }),
              ).filter((n): n is string => n !== undefined);
    const usageTracking = applicationProfileFor(settings);

    const profiles = settings.inferenceProfiles.map(
        (profile) =>
            new InferenceProfileAccess(
                resourceName(profile.inferenceProfileId),
                {
                    inferenceProfileId: profile,
                    region: settings.region,
                    extraModelAccessRegions: settings.extraModelAccessRegions,
                    allowStreaming: settings.allowStreaming,
                    invokeRoleNames: settings.invokeRoleNames,
                    verifyAccess: settings.verifyAccess,
                    awsProfile: settings.awsProfile,
                    verifyInvoke: settings.verifyInvoke,
                    readableParameterNames: parameterNames,
                    inferenceEndpoints: settings.inferenceEndpoints,
                    apiKeys: settings.apiKeys,
                    modelAccess: accessForProfile(plan, access, profile.inferenceProfileId),
                    usageTracking,
                    mantleProject,
                },
                // The verification's real call runs under the mode the stack sets.
                { dependsOn: retention.resources },
            ),
    );
    const mantleOnly = settings.mantleOnlyModels.map(
        (modelId) =>
            new MantleModelAccess(
                `mantle-${resourceName(modelId)}`,
                {
                    modelId,
                    region: settings.region,
                    modelAccess: access.get(`${settings.region}/${modelId}`)!,
                    invokeRoleNames: settings.invokeRoleNames,
                    apiKeys: settings.apiKeys,
                    readableParameterNames: parameterNames,
                    verifyAccess: settings.verifyAccess,
                    verifyInvoke: settings.verifyInvoke,
                    awsProfile: settings.awsProfile,
                    mantleProject,
                },
                { dependsOn: retention.resources },
            ),
    );
    const migration = settings.migration;
    if (migration !== undefined) {
        pulumi.log.info(
            settings.inferenceProfiles.some((p) => p.inferenceProfileId === migration.from)
                ? `Moving from ${migration.from} to ${migration.to} (npm run migrate): both profiles are enabled, granted and allowed ` +
                      `until \`npm run migrate -- ${pulumi.getStack()} --finish\` retires ${migration.from}.`
                : `Retiring ${migration.from} (npm run migrate, step 4): ${migration.to} alone stays enabled, granted and allowed.`,
        );
    }
    const guardrail = settings.modelGuardrail;
    let allowList: ModelAllowList | undefined;
    if (guardrail.mode === "off") {
        pulumi.log.warn(
            'modelGuardrail.mode is "off": no model allow-list guardrail is declared. On today\'s Bedrock every serverless ' +
                "model is enabled by default, so any principal with a broad Bedrock grant can call any model. The policy pack's " +
                "bedrock-model-allow-list fails this stack." +
                (settings.apiKeys === "any" ? "" : ` Nothing denies Bedrock API keys either (apiKeys "${settings.apiKeys}" is enforced by the guardrail).`),
        );
    } else if (guardrail.mode === "organization" && !guardrail.iamGuardrail) {
        pulumi.log.info(
            `The organization stack ${guardrail.organizationStack}'s SCP guards this environment (checked before anything was declared); ` +
                "modelGuardrail.iamGuardrail is false, so no IAM guardrail is declared on its roles.",
        );
    } else {
        allowList = new ModelAllowList(
            "model-allow-list",
            {
                // Under an organization stack the SCP is its; the environment's roles keep their own IAM guardrail.
                mode: guardrail.mode === "organization" ? "iam" : guardrail.mode,
                inferenceProfileIds: settings.inferenceProfiles,
                // A mantle-only model has no profile to carry it into the allow list.
                extraAllowedModels: [...guardrail.extraAllowedModels, ...settings.mantleOnlyModels],
                roleNames: [...new Set([...settings.invokeRoleNames, ...guardrail.roleNames])],
                targetIds: guardrail.targetIds,
                marketplaceProductIds: settings.marketplaceProductIds,
                dataRetentionMode: settings.dataRetentionMode,
                apiKeys: settings.apiKeys,
                claudePlatform: guardrail.claudePlatform,
                applicationProfileArns: profiles.flatMap((p) => (p.applicationProfileArn === undefined ? [] : [p.applicationProfileArn])),
            },
            // Destroyed before the modes are put back, which its deny of other modes would block (SCP).
            { dependsOn: retention.resources },
        );
    }
    const main = profiles[0];
    // The runbook's last step: the main profile's ID where the backend reads its configuration.
    const applicationConfig =
        prefix === undefined
            ? undefined
            : new ApplicationConfig("application-config", {
                  prefix,
                  inferenceProfileId: main.inferenceProfileId,
                  inferenceProfileArn: main.inferenceProfileArn,
                  region: settings.region,
                  modelId: main.modelId,
                  endpoints: settings.inferenceEndpoints,
                  // bedrock-mantle takes the bare model ID, without the profile's geography prefix.
                  mantleModelId: main.modelId,
                  mantleBaseUrl: mantleBaseUrl(settings.region),
                  mantleProjectId: mantleProject?.projectId,
                  invokeModelId: main.applicationProfileArn,
                  mantleOnlyModelIds: settings.mantleOnlyModels,
              });
    const usageCost = declareUsageCost(
        settings,
        profiles.map((p) => p.invokeModelId),
    );
    return {
        profiles,
        mantleOnly,
        modelAccess: [...access.values()],
        retention,
        logging,
        allowList,
        applicationConfig,
        usageCost,
        enrollments,
        mantleProject,
    };
}

/** The stack's outputs: the main profile's ID and ARN first, then every profile, endpoint and guardrail. */
export function stackOutputs(settings: StackSettings, declared: DeclaredEnvironment) {
    const { profiles, mantleOnly, modelAccess, retention, logging, allowList, applicationConfig, usageCost, enrollments, mantleProject } = declared;
    const main = profiles[0];
    const usageTracking = settings.usageTracking;
    const guardrailMode = settings.modelGuardrail.mode;
    return {
        inferenceProfileId: main.inferenceProfileId,
        inferenceProfileArn: main.inferenceProfileArn,
        destinationRegions: main.destinationRegions,
        invokePolicyArn: main.invokePolicyArn,
        profiles: pulumi
            .all(profiles.map((p) => pulumi.all([p.inferenceProfileId, p.inferenceProfileArn, p.modelId, p.destinationRegions, p.invokePolicyArn])))
            .apply((rows) =>
                Object.fromEntries(
                    rows.map(([id, arn, modelId, destinationRegions, invokePolicyArn]) => [
                        id,
                        { inferenceProfileArn: arn, modelId, destinationRegions, invokePolicyArn },
                    ]),
                ),
            ),
        applicationParameters: applicationConfig?.parameterNames ?? {},
        inferenceEndpoints: Object.fromEntries(
            settings.inferenceEndpoints.map((e) => [
                e,
                e === "runtime"
                    ? { modelId: main.inferenceProfileId, sdk: "@aws-sdk/client-bedrock-runtime (Converse, InvokeModel)" }
                    : {
                          modelId: main.modelId,
                          baseUrl: mantleBaseUrl(settings.region),
                          sdk: "@anthropic-ai/bedrock-sdk (AnthropicBedrockMantle)",
                          // The project the calls run in: the anthropic-workspace header's value.
                          ...(mantleProject === undefined ? {} : { projectId: mantleProject.projectId }),
                      },
            ]),
        ),
        // The environment's Bedrock project (with "mantle"); left out otherwise, so existing stacks see no change.
        ...(mantleProject === undefined
            ? {}
            : {
                  mantleProject: {
                      projectId: mantleProject.projectId,
                      arn: mantleProject.arn,
                      iamArn: mantleProject.mantleArn,
                      adopted: mantleProject.adopted,
                  },
              }),
        // The trusted-access programs the stack enrolled (none: left out).
        ...(enrollments.length === 0
            ? {}
            : {
                  trustedAccessPrograms: pulumi
                      .all(enrollments.map((e) => pulumi.all([e.programId, e.previousOptIn])))
                      .apply((rows) => Object.fromEntries(rows.map(([id, before]) => [id, { optIn: "enabled", before }]))),
              }),
        // Models served only on bedrock-mantle (none: the output is left out, so existing stacks see no change).
        ...(mantleOnly.length === 0
            ? {}
            : {
                  mantleOnlyModels: pulumi
                      .all(mantleOnly.map((m) => pulumi.all([m.modelId, m.invokePolicyArn])))
                      .apply((rows) =>
                          Object.fromEntries(rows.map(([modelId, invokePolicyArn]) => [modelId, { baseUrl: mantleBaseUrl(settings.region), invokePolicyArn }])),
                      ),
              }),
        apiKeys: settings.apiKeys,
        // Usage tracking: what the backend passes as modelId, each profile's application profile, the budget.
        ...(usageTracking === undefined
            ? {}
            : {
                  invokeModelId: main.invokeModelId,
                  applicationInferenceProfileArns: pulumi
                      .all(profiles.map((p) => pulumi.all([p.inferenceProfileId, p.invokeModelId])))
                      .apply((rows) => Object.fromEntries(rows)),
                  budgetName: usageCost?.budgetName ?? "none (usageTracking.monthlyBudgetUsd is not set)",
              }),
        invocationLogging: Object.fromEntries(logging.map((l) => [l.region, { logGroupName: l.logGroupName ?? "none", bucketName: l.bucketName ?? "none" }])),
        modelAllowList: allowList?.modelAllowList ?? [],
        dataRetention: retention.modes,
        guardrailPolicy:
            allowList?.guardrailPolicy ??
            (guardrailMode === "organization"
                ? `the organization stack's SCP (stack ${settings.modelGuardrail.organizationStack})`
                : "none (modelGuardrail.mode is off)"),
        // Under an organization stack: which one guards this environment (left out otherwise).
        ...(guardrailMode === "organization" ? { organizationStack: settings.modelGuardrail.organizationStack } : {}),
        modelAccessStatus: pulumi
            .all(modelAccess.map((a) => pulumi.all([a.region, a.modelId, a.agreementStatus])))
            .apply((rows) => Object.fromEntries(rows.map(([region, modelId, status]) => [`${region}/${modelId}`, status]))),
    };
}
