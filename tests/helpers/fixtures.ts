/** Values the tests share. */
import { UseCaseForm } from "../../components/modelAccess/inputs";

export const REGION = "ap-southeast-1";
export const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
export const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

/**
 * A complete, valid use-case form; its values must never show up in plaintext in state or output,
 * so they are distinctive (the product's own messages say "Example Corp").
 */
export const EXAMPLE_FORM: UseCaseForm = {
    companyName: "Fixture Robotics Pte Ltd",
    companyWebsite: "https://fixture-robotics.example",
    intendedUsers: "0",
    industryOption: "Software",
    useCases: "Summarise fixture-robotics support tickets for the engineering team.",
};
