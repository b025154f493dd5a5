/**
 * Names of child resources made from values a user sets (role names, SCP target IDs): the
 * component's name and the value, with characters a resource name should not hold replaced. Two
 * values that differ only in those characters (chat.backend, chat-backend, chat_backend) would
 * then share a name and fail the stack with a duplicate URN, so a replaced value also gets a short
 * hash of the value itself (pulumi-eks names its children the same way). Stacks deployed when names
 * had no hash keep their resources through an alias to the earlier name.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

function replaced(value: string): string {
    return value.replace(/[^A-Za-z0-9-]+/g, "-");
}

/** The child name for one value: `<parent>-<value>`, or `<parent>-<replaced value>-<hash>`. */
export function childName(parent: string, value: string): string {
    const safe = replaced(value);
    return safe === value ? `${parent}-${value}` : `${parent}-${safe}-${createHash("sha256").update(value).digest("hex").slice(0, 8)}`;
}

/**
 * Names and aliases for the children of a list of values. A value whose name gained a hash keeps
 * its earlier name as an alias, unless another value of the list claims that name (then the earlier
 * stack could not have deployed both, and the alias would be ambiguous).
 */
export function childNames(parent: string, values: readonly string[]): { name: string; aliases: pulumi.Alias[] }[] {
    const names = values.map((v) => childName(parent, v));
    const earlier = values.map((v) => `${parent}-${replaced(v)}`);
    return values.map((_, i) => {
        const unique = earlier.filter((e) => e === earlier[i]).length === 1 && !names.includes(earlier[i]);
        return { name: names[i], aliases: names[i] !== earlier[i] && unique ? [{ name: earlier[i] }] : [] };
    });
}
