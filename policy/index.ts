/**
 * The compliance policy pack for Amazon Bedrock model access. This file only assembles the
 * pack; each area's policies live in their own module, listed in policies.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("bedrock-model-access", { policies: POLICIES });
