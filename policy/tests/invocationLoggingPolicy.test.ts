/** Tests of bedrock-invocation-logging and bedrock-mantle-not-logged. */
import * as assert from "node:assert";
import { invocationLogging, invocationLogsEncrypted, mantleNotLogged } from "../invocationLoggingPolicy";
import { type ResourceInput, UNKNOWN, checkStack, doc } from "./policyTestHelpers";

const ACCESS = "pulumi-nodejs:dynamic/bedrock:ModelAccess";
const access = (region: string): ResourceInput => ({ type: ACCESS, name: `access-${region}`, props: { modelId: "anthropic.claude-sonnet-4-6", region } });
const logGroup = (retentionInDays: number | undefined, extra: Record<string, unknown> = {}): ResourceInput => ({
    type: "aws:cloudwatch/logGroup:LogGroup",
    name: "invocation-logs",
    props: { name: "/bedrock-model-access/dev/model-invocations", retentionInDays, region: "ap-southeast-1", ...extra },
});
const logging = (region: string, config: Record<string, unknown> = {}): ResourceInput => ({
    type: "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration",
    name: `invocation-logging-${region}`,
    props: {
        region,
        loggingConfig: {
            textDataDeliveryEnabled: true,
            cloudwatchConfig: { logGroupName: "/bedrock-model-access/dev/model-invocations", roleArn: "arn:aws:iam::123456789012:role/x" },
            ...config,
        },
    },
    propertyDependencies: { loggingConfig: ["invocation-logs"] },
});

async function violations(resources: ResourceInput[], config: object = {}): Promise<string[]> {
    return (await checkStack(invocationLogging, resources, config)).violations;
}

describe("policy bedrock-invocation-logging", () => {
    it("passes model access with CloudWatch invocation logging in its region, text on, retention within bounds", async () => {
        assert.deepStrictEqual(await violations([access("ap-southeast-1"), logGroup(90), logging("ap-southeast-1")]), []);
    });

    it("blocks model access with no invocation logging, naming the region and the key to set", async () => {
        const found = await violations([access("ap-southeast-1")]);
        assert.strictEqual(found.length, 1);
        assert.match(
            found[0],
            /enables model access in ap-southeast-1 but declares no model invocation logging there.*BR-04.*bedrock-model-access:invocationLogging/,
        );
    });

    it("blocks a region left out: logging in one region does not cover another", async () => {
        const found = await violations([access("ap-southeast-1"), access("ap-southeast-3"), logGroup(90), logging("ap-southeast-1")]);
        assert.deepStrictEqual(found.length, 1);
        assert.match(found[0], /in ap-southeast-3 but declares no model invocation logging there/);
    });

    it("blocks logging without text, and a log group kept forever or outside the reviewers' bounds", async () => {
        assert.match(
            (await violations([access("ap-southeast-1"), logGroup(90), logging("ap-southeast-1", { textDataDeliveryEnabled: false })])).join("\n"),
            /does not log text/,
        );
        assert.match(
            (await violations([access("ap-southeast-1"), logGroup(undefined), logging("ap-southeast-1")])).join("\n"),
            /keeps invocation logs forever \(no retention\)/,
        );
        assert.match(
            (await violations([access("ap-southeast-1"), logGroup(7), logging("ap-southeast-1")])).join("\n"),
            /keeps invocation logs 7 days, outside the reviewers' bounds \(30 to 3653 days\)/,
        );
        assert.deepStrictEqual(await violations([access("ap-southeast-1"), logGroup(7), logging("ap-southeast-1")], { minRetentionDays: 7 }), []);
    });

    it("requires KMS when the reviewers say so, for the log group and the bucket", async () => {
        const found = await violations([access("ap-southeast-1"), logGroup(90), logging("ap-southeast-1", { s3Config: { bucketName: "b" } })], {
            requireKms: true,
        });
        assert.match(found.join("\n"), /invocation-logs is not encrypted with a KMS key/);
        assert.match(found.join("\n"), /invocation-log bucket in ap-southeast-1 is not encrypted with a KMS key/);
        const encrypted: ResourceInput = {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: "enc",
            props: {
                region: "ap-southeast-1",
                bucket: "b",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:ap-southeast-1:123456789012:key/k" } }],
            },
        };
        const kmsGroup = logGroup(90, { kmsKeyId: "arn:aws:kms:ap-southeast-1:123456789012:key/k" });
        assert.deepStrictEqual(
            await violations([access("ap-southeast-1"), kmsGroup, encrypted, logging("ap-southeast-1", { s3Config: { bucketName: "b" } })], {
                requireKms: true,
            }),
            [],
        );
    });

    it("waits for a logging configuration not known at preview instead of failing", async () => {
        const unknown: ResourceInput = { ...logging("ap-southeast-1"), props: { region: "ap-southeast-1", loggingConfig: UNKNOWN }, propertyDependencies: {} };
        assert.deepStrictEqual(await violations([access("ap-southeast-1"), unknown]), []);
    });

    it("does not apply to a stack without model access", async () => {
        assert.deepStrictEqual(await violations([logGroup(1)]), []);
    });
});

describe("policy bedrock-mantle-not-logged (advisory)", () => {
    it("tells a stack that grants bedrock-mantle that those calls are not logged, and says nothing otherwise", async () => {
        const mantle: ResourceInput = {
            type: "aws:iam/policy:Policy",
            name: "invoke",
            props: {
                policy: JSON.stringify(
                    doc({
                        Effect: "Allow",
                        Action: "bedrock-mantle:CreateInference",
                        Resource: "*",
                        Condition: { StringEquals: { "bedrock-mantle:Model": "anthropic.claude-sonnet-4-6" } },
                    }),
                ),
            },
        };
        const found = (await checkStack(mantleNotLogged, [mantle])).violations;
        assert.strictEqual(found.length, 1);
        assert.match(found[0], /Model invocation logging covers bedrock-runtime calls only/);
        const runtimeOnly: ResourceInput = {
            type: "aws:iam/policy:Policy",
            name: "invoke",
            props: { policy: JSON.stringify(doc({ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" })) },
        };
        assert.deepStrictEqual((await checkStack(mantleNotLogged, [runtimeOnly])).violations, []);
    });
});

describe("policy bedrock-invocation-logs-encrypted (BR-12)", () => {
    const encrypted = async (resources: ResourceInput[]) => (await checkStack(invocationLogsEncrypted, resources, {})).violations;

    it("is advisory, and passes a log group with a KMS key", async () => {
        assert.strictEqual(invocationLogsEncrypted.enforcementLevel, "advisory");
        assert.deepStrictEqual(
            await encrypted([access("ap-southeast-1"), logGroup(90, { kmsKeyId: "arn:aws:kms:ap-southeast-1:123456789012:key/k" }), logging("ap-southeast-1")]),
            [],
        );
    });

    it("flags a log group on CloudWatch Logs' own key, and a bucket on S3's, naming the key to set", async () => {
        assert.match(
            (await encrypted([access("ap-southeast-1"), logGroup(90), logging("ap-southeast-1")])).join("\n"),
            /invocation-logs .* not a KMS key of the account; set invocationLogging\.kmsKeyArn/,
        );
        const bucketOnly: ResourceInput = {
            ...logging("ap-southeast-1", { cloudwatchConfig: undefined, s3Config: { bucketName: "logs" } }),
            propertyDependencies: {},
        };
        const sseS3: ResourceInput = {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: "logs-encryption",
            props: { region: "ap-southeast-1", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        };
        assert.match((await encrypted([access("ap-southeast-1"), bucketOnly, sseS3])).join("\n"), /bucket in ap-southeast-1 is encrypted with S3's own keys/);
        const kms = { ...sseS3, props: { ...sseS3.props, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] } };
        assert.deepStrictEqual(await encrypted([access("ap-southeast-1"), bucketOnly, kms]), []);
    });
});
