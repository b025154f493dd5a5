/**
 * The UsageCost component: where an environment's Bedrock spend shows up and who hears of it. The
 * application profiles' tag keys activated as cost-allocation tags, and a monthly COST budget on
 * the environment tag with a warning at 80% of actual spend and another at 100% of the forecast.
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
        this.registerOutputs({ budgetName: this.budgetName, activatedTagKeys: this.activatedTagKeys });
    }
}
