/**
 * The UsageCost component: where an environment's Bedrock spend shows up and who hears of it. The
 * application profiles' tag keys activated as cost-allocation tags, a monthly COST budget on the
 * environment tag with a warning at 80% of actual spend and another at 100% of the forecast, and
 * CloudWatch alarms on each profile's throttles and token use, notifying the same people.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENVIRONMENT_TAG } from "../../policy/bedrockFacts";
import { childNames } from "../childNames";

export interface UsageCostArgs {
    /** The environment: the budget filters on `environment` = this value. */
    readonly environment: string;
    /** Tag keys to activate as cost-allocation tags (`environment` among them); none: leave activation to the payer account. */
    readonly activateTagKeys?: readonly string[];
    /** The budget's monthly limit in US dollars; undefined: no budget. */
    readonly monthlyBudgetUsd?: number;
    /** Who the notifications go to (required with monthlyBudgetUsd). */
    readonly alertEmails?: readonly string[];
    /** The budget's name (unique in the account). */
    readonly budgetName?: string;
    /**
     * Alarms on what the backend passes as modelId (the application profiles' ARNs, or the profiles'
     * IDs): throttles above 0 in five minutes, and input plus output tokens above tokensPerHour in
     * an hour (AWS/Bedrock metrics with the ModelId dimension, the user guide's "Monitor
     * bedrock-runtime inference using CloudWatch metrics"), sent to alertEmails through an SNS topic.
     */
    readonly alarms?: { readonly modelIds: readonly pulumi.Input<string>[]; readonly tokensPerHour: number };
}

/** The AWS/Bedrock metric with the ModelId dimension, as a metric query or an alarm takes it. */
function bedrockMetric(metricName: string, modelId: pulumi.Input<string>, period: number) {
    return { namespace: "AWS/Bedrock", metricName, dimensions: { ModelId: modelId }, period, stat: "Sum" };
}

/** AWS Budgets' rules for a budget name: at most 100 characters, no `:` or `\`. */
export function budgetNameProblem(name: string): string | undefined {
    return name.length === 0 || name.length > 100 || /[:\\]/.test(name) ? `"${name}" is not a budget name (1 to 100 characters, no : or \\).` : undefined;
}

/** The filter AWS Budgets takes for one user tag: `user:<key>$<value>`. */
export function tagFilterValue(tagKey: string, value: string): string {
    return `user:${tagKey}$${value}`;
}

export class UsageCost extends pulumi.ComponentResource {
    /** The budget's name; undefined without monthlyBudgetUsd. */
    readonly budgetName?: pulumi.Output<string>;
    /** The tag keys activated for cost allocation. */
    readonly activatedTagKeys: pulumi.Output<string[]>;

    constructor(name: string, args: UsageCostArgs, opts?: pulumi.ComponentResourceOptions) {
        const emails = args.alertEmails ?? [];
        if (args.monthlyBudgetUsd !== undefined && emails.length === 0) {
            throw new Error("UsageCost: a budget needs alertEmails, or nobody hears of its notifications.");
        }
        const budgetName = args.budgetName ?? `bedrock-${args.environment}`;
        const problem = budgetNameProblem(budgetName);
        if (args.monthlyBudgetUsd !== undefined && problem !== undefined) {
            throw new Error(`UsageCost: ${problem}`);
        }
        super("bedrock-model-access:index:UsageCost", name, {}, opts);

        const keys = [...new Set(args.activateTagKeys ?? [])];
        const names = childNames(`${name}-tag`, keys);
        keys.forEach((tagKey, i) => {
            new aws.costexplorer.CostAllocationTag(
                names[i].name,
                { tagKey, status: "Active" },
                // Activation is account-wide and other environments count on it: destroying one stack leaves it active.
                { parent: this, retainOnDelete: true },
            );
        });
        this.activatedTagKeys = pulumi.output(keys);

        if (args.monthlyBudgetUsd !== undefined) {
            const budget = new aws.budgets.Budget(
                `${name}-budget`,
                {
                    name: budgetName,
                    budgetType: "COST",
                    timeUnit: "MONTHLY",
                    limitAmount: args.monthlyBudgetUsd.toFixed(2),
                    limitUnit: "USD",
                    // Claude is billed through AWS Marketplace, not as the service "Amazon Bedrock": the tag alone finds it.
                    costFilters: [{ name: "TagKeyValue", values: [tagFilterValue(ENVIRONMENT_TAG, args.environment)] }],
                    notifications: [
                        {
                            notificationType: "ACTUAL",
                            comparisonOperator: "GREATER_THAN",
                            threshold: 80,
                            thresholdType: "PERCENTAGE",
                            subscriberEmailAddresses: [...emails],
                        },
                        {
                            notificationType: "FORECASTED",
                            comparisonOperator: "GREATER_THAN",
                            threshold: 100,
                            thresholdType: "PERCENTAGE",
                            subscriberEmailAddresses: [...emails],
                        },
                    ],
                },
                { parent: this },
            );
            this.budgetName = budget.name;
        }
        if (args.alarms !== undefined) {
            this.createAlarms(name, args.alarms, emails);
        }
        this.registerOutputs({ budgetName: this.budgetName, activatedTagKeys: this.activatedTagKeys });
    }

    /** One topic for the environment's alarms, its email subscriptions, and two alarms per model ID. */
    private createAlarms(name: string, alarms: NonNullable<UsageCostArgs["alarms"]>, emails: readonly string[]): void {
        if (emails.length === 0) {
            throw new Error("UsageCost: alarms need alertEmails, or nobody hears of them.");
        }
        const topic = new aws.sns.Topic(`${name}-alarms`, {}, { parent: this });
        emails.forEach((endpoint, i) => {
            new aws.sns.TopicSubscription(`${name}-alarms-${i}`, { topic: topic.arn, protocol: "email", endpoint }, { parent: this });
        });
        alarms.modelIds.forEach((modelId, i) => {
            const common = { alarmActions: [topic.arn], evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" };
            const throttles = bedrockMetric("InvocationThrottles", modelId, 300);
            new aws.cloudwatch.MetricAlarm(
                `${name}-throttles-${i}`,
                {
                    ...common,
                    alarmDescription: pulumi.interpolate`Bedrock throttled calls to ${modelId} (the quota is reached; npm run models shows it).`,
                    namespace: throttles.namespace,
                    metricName: throttles.metricName,
                    dimensions: throttles.dimensions,
                    period: throttles.period,
                    statistic: throttles.stat,
                    threshold: 0,
                },
                { parent: this },
            );
            new aws.cloudwatch.MetricAlarm(
                `${name}-tokens-${i}`,
                {
                    ...common,
                    alarmDescription: pulumi.interpolate`More than ${alarms.tokensPerHour} input and output tokens in an hour through ${modelId}.`,
                    threshold: alarms.tokensPerHour,
                    metricQueries: [
                        { id: "input", metric: bedrockMetric("InputTokenCount", modelId, 3600) },
                        { id: "output", metric: bedrockMetric("OutputTokenCount", modelId, 3600) },
                        { id: "tokens", expression: "input + output", label: "input and output tokens per hour", returnData: true },
                    ],
                },
                { parent: this },
            );
        });
    }
}
