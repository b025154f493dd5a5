/**
 * The shape of the IAM policy documents this project generates (deployer, invoke and guardrail
 * policies), so every generator and test speaks the same types.
 */

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    /** Resource policies and trust policies only. */
    readonly Principal?: "*" | Readonly<Record<string, string | string[]>>;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: string | string[];
    readonly NotResource?: string | string[];
    readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
}
