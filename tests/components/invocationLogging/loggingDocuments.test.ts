/**
 * The invocation-logging documents, judged by the IAM evaluator (@cloud-copilot/iam-simulate):
 * only this account's Bedrock in this region may assume the log role or write the bucket, and the
 * role may only write its log group.
 */
import * as assert from "node:assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../../bedrock/iamDocument";
import { logBucketPolicy, logRolePolicy, logRoleTrustPolicy } from "../../../components/invocationLogging/loggingDocuments";

const ACCOUNT = "123456789012";
const PLACE = { partition: "aws", region: "ap-southeast-1", accountId: ACCOUNT };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/bedrock-model-access/invocation-logging`;
const OBJECT = `arn:aws:s3:::logs-bucket/bedrock/AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/ap-southeast-1/2026/12/01/x.json.gz`;
const LOG_GROUP = `arn:aws:logs:ap-southeast-1:${ACCOUNT}:log-group:/bedrock-model-access/dev/model-invocations`;
const FROM_BEDROCK = { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": `arn:aws:bedrock:ap-southeast-1:${ACCOUNT}:*`, "aws:SecureTransport": "true" };

async function decide(
    principal: string,
    action: string,
    resource: string,
    context: Record<string, string>,
    policies: { resource?: PolicyDocument; identity?: PolicyDocument[] },
): Promise<string> {
    const result = await runSimulation(
        {
            request: { principal, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
            identityPolicies: (policies.identity ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: policies.resource,
        },
        {},
    );
    if (result.resultType === "error") {
        throw new Error(JSON.stringify(result.errors));
    }
    return result.overallResult;
}

describe("invocation-logging documents (IAM evaluator)", () => {
    describe("the log role's trust policy", () => {
        const trust = logRoleTrustPolicy(PLACE);
        it("lets bedrock.amazonaws.com assume the role for this account's Bedrock in this region", async () => {
            assert.strictEqual(await decide("bedrock.amazonaws.com", "sts:AssumeRole", ROLE, FROM_BEDROCK, { resource: trust }), "Allowed");
        });
        it("refuses Bedrock acting for another account or another region, and anyone else", async () => {
            assert.strictEqual(
                await decide("bedrock.amazonaws.com", "sts:AssumeRole", ROLE, { ...FROM_BEDROCK, "aws:SourceAccount": "999999999999" }, { resource: trust }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide(
                    "bedrock.amazonaws.com",
                    "sts:AssumeRole",
                    ROLE,
                    { ...FROM_BEDROCK, "aws:SourceArn": `arn:aws:bedrock:us-east-1:${ACCOUNT}:*` },
                    { resource: trust },
                ),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide("logs.amazonaws.com", "sts:AssumeRole", ROLE, FROM_BEDROCK, { resource: trust }), "ImplicitlyDenied");
            assert.strictEqual(await decide(`arn:aws:iam::${ACCOUNT}:user/someone`, "sts:AssumeRole", ROLE, {}, { resource: trust }), "ImplicitlyDenied");
        });
    });

    describe("the log role's policy", () => {
        const policy = logRolePolicy(LOG_GROUP);
        const role = `arn:aws:sts::${ACCOUNT}:assumed-role/invocation-logging/bedrock`;
        it("writes streams of its log group", async () => {
            for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
                assert.strictEqual(
                    await decide(role, action, `${LOG_GROUP}:log-stream:aws/bedrock/modelinvocations`, {}, { identity: [policy] }),
                    "Allowed",
                    action,
                );
            }
        });
        it("writes nowhere else and reads nothing", async () => {
            const other = `arn:aws:logs:ap-southeast-1:${ACCOUNT}:log-group:/other:log-stream:s`;
            assert.strictEqual(await decide(role, "logs:PutLogEvents", other, {}, { identity: [policy] }), "ImplicitlyDenied");
            assert.strictEqual(
                await decide(role, "logs:GetLogEvents", `${LOG_GROUP}:log-stream:aws/bedrock/modelinvocations`, {}, { identity: [policy] }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(await decide(role, "logs:DeleteLogGroup", `${LOG_GROUP}`, {}, { identity: [policy] }), "ImplicitlyDenied");
        });
    });

    describe("the bucket policy", () => {
        const bucket = logBucketPolicy(PLACE, "logs-bucket", "bedrock");
        it("lets Bedrock put invocation logs under the prefix, for this account and region", async () => {
            assert.strictEqual(await decide("bedrock.amazonaws.com", "s3:PutObject", OBJECT, FROM_BEDROCK, { resource: bucket }), "Allowed");
        });
        it("refuses Bedrock for another account or region, another key, plain HTTP, and every other principal", async () => {
            assert.strictEqual(
                await decide("bedrock.amazonaws.com", "s3:PutObject", OBJECT, { ...FROM_BEDROCK, "aws:SourceAccount": "999999999999" }, { resource: bucket }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide(
                    "bedrock.amazonaws.com",
                    "s3:PutObject",
                    OBJECT,
                    { ...FROM_BEDROCK, "aws:SourceArn": `arn:aws:bedrock:us-east-1:${ACCOUNT}:*` },
                    { resource: bucket },
                ),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide("bedrock.amazonaws.com", "s3:PutObject", "arn:aws:s3:::logs-bucket/elsewhere/x", FROM_BEDROCK, { resource: bucket }),
                "ImplicitlyDenied",
            );
            assert.strictEqual(
                await decide("bedrock.amazonaws.com", "s3:PutObject", OBJECT, { ...FROM_BEDROCK, "aws:SecureTransport": "false" }, { resource: bucket }),
                "ExplicitlyDenied",
            );
            assert.strictEqual(await decide("bedrock.amazonaws.com", "s3:GetObject", OBJECT, FROM_BEDROCK, { resource: bucket }), "ImplicitlyDenied");
            assert.strictEqual(
                await decide(`arn:aws:iam::999999999999:role/outsider`, "s3:PutObject", OBJECT, { "aws:SecureTransport": "true" }, { resource: bucket }),
                "ImplicitlyDenied",
            );
        });
    });
});
