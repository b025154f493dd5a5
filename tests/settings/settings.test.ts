/**
 * The settings' rules as tables, without the Pulumi runtime: each bad value and the problem that
 * names its key (the program stops on it before anything is declared), one coercion per kind of
 * value whichever way the configuration came in, and every reader of an environment (the program,
 * review, migrate, models, deployer-policy) getting the same settings for dev and prod.
 */
import * as assert from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { reviewFacts } from "../../runner/deploy";
import { environmentModels } from "../../runner/deployerPolicy";
import { readEnvironment } from "../../runner/migrate";
import { environmentsInRegion } from "../../runner/models";
import { readEnvironmentSettings, readSettings } from "../../settings/settings";
import { fromEnvironmentFile, fromPulumiConfig } from "../../settings/sources";
import { ROOT, engineConfig, environmentFile } from "../helpers/engineConfig";

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const APAC = `apac.${SONNET}`;
const ACCOUNT = "123456789012";
const PROJECT = "bedrock-model-access";
const DEV_CONFIG = {
    "aws:region": "ap-southeast-1",
    "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC]),
};

/** The program's way in: the engine's strings. */
const fromEngine = (config: Record<string, string>, stack = "dev") => readSettings(fromPulumiConfig(config), { project: PROJECT, stack });

describe("settings (settings/settings.ts)", () => {
    describe("a bad value is a problem naming its key", () => {
        const cases: { name: string; config: Record<string, string>; says: RegExp }[] = [
            {
                name: "no inference profile",
                config: { "aws:region": "ap-southeast-1" },
                says: /bedrock-model-access:inferenceProfile and bedrock-model-access:inferenceProfiles are not set/,
            },
            { name: "no region", config: { "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC]) }, says: /aws:region is not set/ },
            {
                name: "profiles as a string",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": APAC },
                says: /Configuration 'bedrock-model-access:inferenceProfiles' value 'apac\.anthropic\.claude-sonnet-4-20250514-v1:0' is not a valid JSON object/,
            },
            {
                name: "a non-boolean flag",
                config: { ...DEV_CONFIG, "bedrock-model-access:allowStreaming": "yes" },
                says: /Configuration 'bedrock-model-access:allowStreaming' value 'yes' is not a valid boolean/,
            },
            {
                name: "a fractional timeout",
                config: { ...DEV_CONFIG, "bedrock-model-access:accessWaitTimeoutSeconds": "1.5" },
                says: /accessWaitTimeoutSeconds must be a whole number/,
            },
            {
                name: "a bad extra region",
                config: { ...DEV_CONFIG, "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["mars-1"]) },
                says: /"mars-1", which is not an AWS region name/,
            },
            {
                name: "a form with missing fields",
                config: { ...DEV_CONFIG, "bedrock-model-access:useCaseForm": JSON.stringify({ companyName: "Example Corp" }) },
                says: /bedrock-model-access:useCaseForm\.companyWebsite is required/,
            },
            {
                name: "a profile listed twice",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC, APAC]) },
                says: /more than once/,
            },
            {
                name: "a profile listed twice once spaces are trimmed",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([`${APAC} `, APAC]) },
                says: /bedrock-model-access:inferenceProfiles lists apac\.anthropic\.claude-sonnet-4-20250514-v1:0 more than once \(after trimming spaces\)/,
            },
            {
                name: "an extra region listed twice",
                config: { ...DEV_CONFIG, "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["ap-southeast-3", "ap-southeast-3"]) },
                says: /bedrock-model-access:extraModelAccessRegions lists ap-southeast-3 more than once/,
            },
            {
                name: "a model ID among the profiles, named by key and entry",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC, SONNET]) },
                says: /^bedrock-model-access:inferenceProfiles\[1\] "anthropic\.claude-sonnet-4-20250514-v1:0" is a foundation-model ID/,
            },
            {
                name: "an apac. profile outside ap-* regions",
                config: { "aws:region": "eu-west-1", "bedrock-model-access:inferenceProfiles": JSON.stringify([APAC]) },
                says: /is a apac\. profile, which is called from ap-\* regions, but the source region is eu-west-1\. Use "eu\.anthropic/,
            },
            {
                name: "a us. profile in us-gov",
                config: { "aws:region": "us-gov-west-1", "bedrock-model-access:inferenceProfiles": JSON.stringify([`us.${SONNET}`]) },
                says: /Use "us-gov\.anthropic/,
            },
            {
                name: "a jp. profile in Singapore",
                config: { "aws:region": "ap-southeast-1", "bedrock-model-access:inferenceProfiles": JSON.stringify([`jp.${SONNET}`]) },
                says: /called from ap-northeast-1 or ap-northeast-3/,
            },
            {
                name: "an application-profile ARN",
                config: {
                    ...DEV_CONFIG,
                    "bedrock-model-access:inferenceProfiles": JSON.stringify([
                        `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:application-inference-profile/abc123`,
                    ]),
                },
                says: /is an application inference profile.*give the ID of the profile it copies/,
            },
            {
                name: "a system-profile ARN",
                config: {
                    ...DEV_CONFIG,
                    "bedrock-model-access:inferenceProfiles": JSON.stringify([`arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:inference-profile/${APAC}`]),
                },
                says: /is an ARN; give the profile ID alone: "apac\.anthropic/,
            },
            {
                name: "a bare model ID",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify([SONNET]) },
                says: /is a foundation-model ID, not a cross-region inference profile\. Prefix it .*"apac\.anthropic/,
            },
            {
                name: "a guardrail in mode scp without targets",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "scp" }) },
                says: /bedrock-model-access:modelGuardrail\.mode "scp" needs targetIds/,
            },
            {
                name: "an unknown guardrail mode",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "deny" }) },
                says: /bedrock-model-access:modelGuardrail\.mode must be "iam", "scp", "organization" or "off", got "deny"/,
            },
            {
                name: "mode organization without the organization stack",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "organization" }) },
                says: /bedrock-model-access:modelGuardrail\.mode "organization" needs organizationStack: .*`pulumi config set --path modelGuardrail\.organizationStack org`/,
            },
            {
                name: "an organization stack outside mode organization",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "iam", organizationStack: "org" }) },
                says: /bedrock-model-access:modelGuardrail\.organizationStack is set, but only mode "organization" uses it/,
            },
            {
                // What `pulumi config set --path` without --type string stores: 012345678901 would become 12345678901.
                name: "an SCP target stored as a number",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "scp", targetIds: [12345678901] }) },
                says: /modelGuardrail\.targetIds has a number \(12345678901\); IDs are strings, and a number loses leading zeros\. Set it again with `pulumi config set --path --type string 'modelGuardrail\.targetIds\[0\]' <id>`/,
            },
            {
                name: "an SCP target that is not an account, OU or root",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "scp", targetIds: ["prod"] }) },
                says: /modelGuardrail\.targetIds has "prod", which is not an account ID/,
            },
            {
                name: "a wildcard among the extra allowed models",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ extraAllowedModels: ["anthropic.*"] }) },
                says: /modelGuardrail\.extraAllowedModels entry "anthropic\.\*" asks for every model/,
            },
            {
                name: "a role to assume, which the Bedrock calls would not use",
                config: { ...DEV_CONFIG, "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::123456789012:role/deployer" }]) },
                says: /aws:assumeRoles is set, but model access, the preflight and the verification step take their identity from aws:profile/,
            },
            {
                name: "a profile name that is not one",
                config: { ...DEV_CONFIG, "aws:profile": "dev; rm -rf /" },
                says: /aws:profile "dev; rm -rf \/" is not a profile name/,
            },
            {
                name: "an SSM prefix without its leading slash",
                config: { ...DEV_CONFIG, "bedrock-model-access:ssmParameterPrefix": "chat-backend/dev/" },
                says: /bedrock-model-access:ssmParameterPrefix "chat-backend\/dev\/" is not an SSM parameter path prefix/,
            },
            {
                name: "an SSM prefix AWS reserves",
                config: { ...DEV_CONFIG, "bedrock-model-access:ssmParameterPrefix": "/aws/bedrock" },
                says: /starts with \/aws or \/ssm, which AWS reserves/,
            },
            {
                name: "a wildcard model",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceProfiles": JSON.stringify(["apac.*"]) },
                says: /enable all models/,
            },
            {
                name: "a data-retention mode Bedrock does not take",
                config: { ...DEV_CONFIG, "bedrock-model-access:dataRetention": JSON.stringify({ mode: "zero" }) },
                says: /bedrock-model-access:dataRetention\.mode must be one of "none", "default", "aws_review", "provider_data_share", "inherit".*got "zero"/,
            },
            // What AWS refuses only at up, after the account-wide model access exists (issue 29, item 3).
            {
                name: "a region AWS does not have",
                config: { ...DEV_CONFIG, "aws:region": "zz-north-1" },
                says: /aws:region "zz-north-1" is not an AWS region name/,
            },
            {
                name: "an extra region AWS does not have",
                config: { ...DEV_CONFIG, "bedrock-model-access:extraModelAccessRegions": JSON.stringify(["ap-north-9"]) },
                says: /extraModelAccessRegions has "ap-north-9", which is not an AWS region name/,
            },
            {
                name: "a role ARN among the invoke roles",
                config: { ...DEV_CONFIG, "bedrock-model-access:invokeRoleNames": JSON.stringify([`arn:aws:iam::${ACCOUNT}:role/chat-backend`]) },
                says: /bedrock-model-access:invokeRoleNames has "arn:aws:iam::123456789012:role\/chat-backend", a role ARN; give the role's name/,
            },
            {
                name: "an invoke role name IAM refuses",
                config: { ...DEV_CONFIG, "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat backend"]) },
                says: /bedrock-model-access:invokeRoleNames has "chat backend", which is not an IAM role name \(1 to 64 of/,
            },
            {
                name: "an invoke role name longer than 64",
                config: { ...DEV_CONFIG, "bedrock-model-access:invokeRoleNames": JSON.stringify(["r".repeat(65)]) },
                says: /invokeRoleNames has "r{65}", which is not an IAM role name/,
            },
            {
                name: "a guardrail role name IAM refuses",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ roleNames: ["chat/backend"] }) },
                says: /bedrock-model-access:modelGuardrail\.roleNames has "chat\/backend", which is not an IAM role name/,
            },
            {
                name: "the same invoke role twice",
                config: { ...DEV_CONFIG, "bedrock-model-access:invokeRoleNames": JSON.stringify(["chat-backend", "chat-backend"]) },
                says: /bedrock-model-access:invokeRoleNames lists chat-backend more than once/,
            },
            {
                name: "SCP targets in mode iam, which would be ignored",
                config: { ...DEV_CONFIG, "bedrock-model-access:modelGuardrail": JSON.stringify({ mode: "iam", targetIds: ["123456789012"] }) },
                says: /modelGuardrail\.targetIds is set, but only mode "scp" attaches/,
            },
            {
                name: "invocation logging with a retention CloudWatch does not offer",
                config: { ...DEV_CONFIG, "bedrock-model-access:invocationLogging": JSON.stringify({ destination: "cloudwatch", retentionDays: 100 }) },
                says: /invocationLogging\.retentionDays must be one of CloudWatch Logs' retention periods .* got 100\. Set it with `pulumi config set --path --type int invocationLogging\.retentionDays 90`/,
            },
            {
                name: "invocation logging to an unknown destination",
                config: { ...DEV_CONFIG, "bedrock-model-access:invocationLogging": JSON.stringify({ destination: "splunk" }) },
                says: /invocationLogging\.destination must be "cloudwatch", "s3" or "both", got "splunk"/,
            },
            {
                name: "an unknown inference endpoint",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceEndpoints": JSON.stringify(["runtime", "openai"]) },
                says: /bedrock-model-access:inferenceEndpoints has "openai"; the endpoints are "runtime", "mantle"\. Set it with `pulumi config set --path 'inferenceEndpoints\[0\]' runtime`/,
            },
            {
                name: "no inference endpoint",
                config: { ...DEV_CONFIG, "bedrock-model-access:inferenceEndpoints": "[]" },
                says: /bedrock-model-access:inferenceEndpoints must be a non-empty list of "runtime", "mantle"/,
            },
            {
                name: "a trusted-access program that is not a program ID",
                config: { ...DEV_CONFIG, "bedrock-model-access:acceptedTrustedAccessPrograms": JSON.stringify(["Project Glasswing"]) },
                says: /bedrock-model-access:acceptedTrustedAccessPrograms\[0\] "Project Glasswing" is not a trusted-access program ID/,
            },
            {
                name: "a trusted-access program listed twice",
                config: { ...DEV_CONFIG, "bedrock-model-access:acceptedTrustedAccessPrograms": JSON.stringify(["anthropic-glasswing", "anthropic-glasswing"]) },
                says: /bedrock-model-access:acceptedTrustedAccessPrograms lists a program more than once/,
            },
            {
                name: "a mantle-only model without the mantle endpoint",
                config: { ...DEV_CONFIG, "bedrock-model-access:mantleOnlyModels": JSON.stringify(["anthropic.claude-mythos-5"]) },
                says: /bedrock-model-access:mantleOnlyModels lists anthropic\.claude-mythos-5, served only on bedrock-mantle, but bedrock-model-access:inferenceEndpoints does not include "mantle"/,
            },
            {
                name: "a mantle-only model given as a profile ID",
                config: {
                    ...DEV_CONFIG,
                    "bedrock-model-access:inferenceEndpoints": JSON.stringify(["runtime", "mantle"]),
                    "bedrock-model-access:mantleOnlyModels": JSON.stringify(["global.anthropic.claude-mythos-5"]),
                },
                says: /bedrock-model-access:mantleOnlyModels\[0\] "global\.anthropic\.claude-mythos-5" is a cross-region inference-profile ID/,
            },
            {
                name: "a mantle-only model a profile already reaches",
                config: {
                    ...DEV_CONFIG,
                    "bedrock-model-access:inferenceEndpoints": JSON.stringify(["runtime", "mantle"]),
                    "bedrock-model-access:mantleOnlyModels": JSON.stringify([SONNET]),
                },
                says: /mantleOnlyModels has anthropic\.claude-sonnet-4-20250514-v1:0, which an inference profile of this stack already reaches/,
            },
            {
                name: "a mantle-only model that needs retention under a declared mode that refuses it",
                config: {
                    ...DEV_CONFIG,
                    "bedrock-model-access:inferenceEndpoints": JSON.stringify(["runtime", "mantle"]),
                    "bedrock-model-access:mantleOnlyModels": JSON.stringify(["anthropic.claude-mythos-5"]),
                    "bedrock-model-access:dataRetention": JSON.stringify({ mode: "none" }),
                },
                says: /anthropic\.claude-mythos-5 runs only under the data-retention mode "provider_data_share".*"none"/,
            },
            {
                name: "an API-key setting that is not one",
                config: { ...DEV_CONFIG, "bedrock-model-access:apiKeys": "long-term" },
                says: /bedrock-model-access:apiKeys must be one of "none", "short-term", "any", got "long-term"\. Set it with `pulumi config set apiKeys short-term`/,
            },
            {
                name: "a migration record naming a profile inferenceProfiles does not list",
                config: { ...DEV_CONFIG, "bedrock-model-access:migration": JSON.stringify({ from: APAC, to: "global.anthropic.claude-sonnet-4-6" }) },
                says: /migration records a move from apac\.\S+ to global\.anthropic\.claude-sonnet-4-6, but bedrock-model-access:inferenceProfiles does not list global\.anthropic\.claude-sonnet-4-6\. Finish the move with `npm run migrate -- dev --finish`/,
            },
            {
                name: "a migration record that is not one",
                config: { ...DEV_CONFIG, "bedrock-model-access:migration": JSON.stringify({ from: APAC }) },
                says: /migration must be \{"from": <profile ID>, "to": <profile ID>\} as npm run migrate writes it/,
            },
            {
                name: "an SSM prefix deeper than SSM's 15 levels",
                config: { ...DEV_CONFIG, "bedrock-model-access:ssmParameterPrefix": "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o" },
                says: /ssmParameterPrefix "\/a\/b.*" has 15 levels, and SSM allows 15 with the parameter's own name/,
            },
            {
                name: "an SSM prefix too long once the parameter's ARN is counted",
                config: { ...DEV_CONFIG, "bedrock-model-access:ssmParameterPrefix": `/${"p".repeat(940)}` },
                says: /SSM allows 1011 characters for a parameter name counted with its ARN, and \/inference-profile-arn under it takes 1006|takes 10\d\d/,
            },
        ];

        for (const bad of cases) {
            it(bad.name, () => {
                const { problems } = fromEngine(bad.config);
                assert.ok(
                    problems.some((p) => bad.says.test(p)),
                    `a problem matches ${bad.says}; got:\n  ${problems.join("\n  ")}`,
                );
            });
        }
    });

    it("takes dev's configuration as it is, with the defaults of every key it leaves out", () => {
        const { settings, problems } = fromEngine(DEV_CONFIG);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(
            {
                allowStreaming: settings.allowStreaming,
                verifyAccess: settings.verifyAccess,
                verifyInvoke: settings.verifyInvoke,
                revokeOnDestroy: settings.revokeOnDestroy,
                accessWaitTimeoutSeconds: settings.accessWaitTimeoutSeconds,
                guardrail: settings.modelGuardrail.mode,
                apiKeys: settings.apiKeys,
                endpoints: settings.inferenceEndpoints,
                dataRetention: settings.dataRetentionMode,
                modelAllowList: settings.modelAllowList,
                regions: settings.regions,
            },
            {
                allowStreaming: true,
                verifyAccess: true,
                verifyInvoke: false,
                revokeOnDestroy: false,
                accessWaitTimeoutSeconds: 900,
                guardrail: "iam",
                apiKeys: "none",
                endpoints: ["runtime"],
                dataRetention: undefined,
                modelAllowList: [SONNET],
                regions: ["ap-southeast-1"],
            },
        );
    });

    describe("one coercion per kind of value, whichever way it came in", () => {
        const cases: { name: string; file: Record<string, unknown>; engine: Record<string, string> }[] = [
            { name: "a boolean as YAML writes it", file: { [`${PROJECT}:revokeOnDestroy`]: true }, engine: { [`${PROJECT}:revokeOnDestroy`]: "true" } },
            {
                name: 'a boolean as `pulumi config set` writes it ("true")',
                file: { [`${PROJECT}:revokeOnDestroy`]: "true" },
                engine: { [`${PROJECT}:revokeOnDestroy`]: "true" },
            },
            { name: "a number", file: { [`${PROJECT}:accessWaitTimeoutSeconds`]: 1800 }, engine: { [`${PROJECT}:accessWaitTimeoutSeconds`]: "1800" } },
            {
                name: "an object",
                file: { [`${PROJECT}:modelGuardrail`]: { mode: "off" }, [`${PROJECT}:dataRetention`]: { mode: "none", restoreOnDestroy: "true" } },
                engine: { [`${PROJECT}:modelGuardrail`]: '{"mode":"off"}', [`${PROJECT}:dataRetention`]: '{"mode":"none","restoreOnDestroy":"true"}' },
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const base = { "aws:region": "ap-southeast-1", [`${PROJECT}:inferenceProfiles`]: [APAC] };
                const fromFile = readEnvironmentSettings({ config: { ...base, ...c.file } }, PROJECT, "dev");
                const engine = fromEngine({ ...engineConfig({ config: base }), ...c.engine });
                assert.deepStrictEqual(fromFile.problems, []);
                assert.deepStrictEqual(fromFile, engine);
            });
        }
    });

    it("leaves a secret form unchecked in a file (the program checks it decrypted) and names plaintext fields in both ways", () => {
        const form = { companyName: { secure: "v1:abc" }, companyWebsite: "https://example.com" };
        const file = { config: { ...DEV_CONFIG, [`${PROJECT}:inferenceProfiles`]: [APAC], [`${PROJECT}:useCaseForm`]: form } };
        const read = readSettings(fromEnvironmentFile(file), { project: PROJECT, stack: "dev" });
        assert.deepStrictEqual(read.problems.length, 1);
        assert.match(read.problems[0], /useCaseForm has fields in plaintext \(companyWebsite\) in Pulumi\.dev\.yaml/);
        const engine = readSettings(
            fromPulumiConfig(
                { ...DEV_CONFIG, [`${PROJECT}:useCaseForm`]: JSON.stringify({ companyName: "x", companyWebsite: "y" }) },
                [`${PROJECT}:useCaseForm`],
                file,
            ),
            {
                project: PROJECT,
                stack: "dev",
            },
        );
        assert.ok(engine.problems.some((p) => /useCaseForm has fields in plaintext \(companyWebsite\)/.test(p)));
    });

    describe("every reader of an environment gets the program's settings", () => {
        for (const environment of ["dev", "prod"]) {
            it(`${environment}: review, migrate, models and deployer-policy read the allow list, mode and defaults the program reads`, () => {
                const file = environmentFile(environment);
                const program = fromEngine(engineConfig(file), environment);
                const commands = readEnvironmentSettings(file, PROJECT, environment);
                assert.deepStrictEqual(program.problems, []);
                assert.deepStrictEqual(commands, program, "the file read as the commands read it equals the engine's configuration read as the program does");
                const { settings } = program;
                assert.deepStrictEqual(reviewFacts(environment, commands.settings), {
                    environment,
                    modelAllowList: settings.modelAllowList,
                    guardrailMode: settings.modelGuardrail.mode,
                    dataRetention: settings.dataRetentionMode ?? "not managed",
                });
                const migrate = readEnvironment(path.join(ROOT, `Pulumi.${environment}.yaml`), environment, PROJECT);
                assert.deepStrictEqual(
                    { profiles: migrate.profiles, revokeOnDestroy: migrate.revokeOnDestroy, endpoints: migrate.endpoints, extraRegions: migrate.extraRegions },
                    {
                        profiles: settings.inferenceProfiles.map((p) => p.inferenceProfileId),
                        revokeOnDestroy: settings.revokeOnDestroy,
                        endpoints: settings.inferenceEndpoints,
                        extraRegions: settings.extraModelAccessRegions,
                    },
                );
                assert.deepStrictEqual(
                    environmentsInRegion(ROOT, settings.region).find((e) => e.environment === environment)?.profiles,
                    settings.inferenceProfiles.map((p) => p.inferenceProfileId),
                );
                assert.deepStrictEqual(environmentModels(ROOT, environment), [...new Set(settings.profileModels)]);
            });
        }

        it('reads revokeOnDestroy "true" (what `pulumi config set` writes) as true everywhere, where migrate once read false', () => {
            const dir = mkdtempSync(path.join(tmpdir(), "settings-"));
            writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
            const file = path.join(dir, "Pulumi.staging.yaml");
            writeFileSync(file, `config:\n  aws:region: ap-southeast-1\n  ${PROJECT}:inferenceProfile: ${APAC}\n  ${PROJECT}:revokeOnDestroy: "true"\n`);
            assert.strictEqual(readEnvironment(file, "staging", PROJECT).revokeOnDestroy, true);
            assert.strictEqual(fromEngine({ ...DEV_CONFIG, [`${PROJECT}:revokeOnDestroy`]: "true" }).settings.revokeOnDestroy, true);
        });
    });
});
