/** What the runner keeps of an interrupted run (runner/pendingCreates.ts) and what it says of a resource an interrupted run left in AWS (runner/failures.ts). */
import * as assert from "node:assert";
import type { Deployment } from "@pulumi/pulumi/automation";
import { keepPendingCreates } from "../../runner/pendingCreates";
import { recoveryHint } from "../../runner/failures";

const RETENTION_URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/bedrock:DataRetention::data-retention-ap-southeast-1";
const ACCESS_URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/bedrock:ModelAccess::access";
const LOG_GROUP_URN = "urn:pulumi:dev::p::aws:cloudwatch/logGroup:LogGroup::logs";

function interrupted(): Deployment {
    const creating = (urn: string, type: string, inputs: Record<string, unknown>) => ({ type: "creating", resource: { urn, type, inputs } });
    return {
        version: 3,
        deployment: {
            resources: [],
            pending_operations: [
                creating(RETENTION_URN, "pulumi-nodejs:dynamic/bedrock:DataRetention", { region: "ap-southeast-1", mode: "none" }),
                creating(ACCESS_URN, "pulumi-nodejs:dynamic/bedrock:ModelAccess", { region: "ap-southeast-1", modelId: "anthropic.claude-sonnet-4-6" }),
                creating(LOG_GROUP_URN, "aws:cloudwatch/logGroup:LogGroup", { name: "/aws/bedrock/dev" }),
            ],
        },
    };
}

describe("an interrupted run's pending creates", () => {
    it("keeps DataRetention's create as well as ModelAccess's, with the IDs their providers give, and leaves the rest for refresh to clear", () => {
        const kept = keepPendingCreates(interrupted());
        assert.ok(kept);
        assert.deepStrictEqual(kept.urns, [RETENTION_URN, ACCESS_URN]);
        const checkpoint = kept.deployment.deployment as {
            resources: { urn: string; id: string; outputs: object }[];
            pending_operations: { resource: { urn: string } }[];
        };
        assert.deepStrictEqual(
            checkpoint.resources.map((r) => [r.urn, r.id, r.outputs]),
            [
                [RETENTION_URN, "ap-southeast-1/data-retention", {}],
                [ACCESS_URN, "ap-southeast-1/anthropic.claude-sonnet-4-6", {}],
            ],
        );
        assert.deepStrictEqual(
            checkpoint.pending_operations.map((op) => op.resource.urn),
            [LOG_GROUP_URN],
        );
    });

    it("says how to adopt a fixed-name resource an interrupted run created in AWS (already exists)", () => {
        const hint = recoveryHint(
            "error: creating CloudWatch Logs Log Group (/aws/bedrock/dev): ResourceAlreadyExistsException: The specified log group already exists",
            "dev",
            "file:///state",
        );
        assert.ok(hint);
        assert.match(hint, /already exists in AWS, most likely created by an earlier run that was interrupted/);
        assert.match(hint, /`pulumi import <type> <name> <id> --stack dev` \(with PULUMI_BACKEND_URL=file:\/\/\/state\)/);
        assert.match(
            hint,
            /aws:cloudwatch\/logGroup:LogGroup: the log group's name; aws:ssm\/parameter:Parameter: the parameter's name; aws:budgets\/budget:Budget: <account ID>:<budget name>/,
        );
    });
});
