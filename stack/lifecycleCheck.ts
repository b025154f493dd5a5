/**
 * Every model the stack enables, checked against its lifecycle in each region before anything is
 * declared: the program runs at preview and again at up, so a model that reached its end of life
 * between the two stops the update before any sibling's model access is created. One
 * GetFoundationModel per model and region, all at once.
 */
import { connectBedrock } from "../components/modelAccess/controlPlane";
import { endOfLifeProblem } from "../components/modelAccess/lifecycleMessages";
import type { PlannedAccess } from "./modelAccessPlan";
import { StackConfigError } from "./config";

export async function assertNoRetiredModels(plan: readonly PlannedAccess[], awsProfile: string | undefined): Promise<void> {
    // One client per region, shared by that region's reads.
    const clients = new Map<string, ReturnType<typeof connectBedrock>>();
    const clientFor = (region: string) => clients.get(region) ?? clients.set(region, connectBedrock(region, awsProfile)).get(region)!;
    const problems = await Promise.all(
        plan.map(async (access) => {
            try {
                const lifecycle = await (await clientFor(access.region)).getLifecycle(access.modelId);
                return endOfLifeProblem(access.modelId, access.region, lifecycle);
            } catch {
                // Not readable now (permissions, network): ModelAccess reads it again and reports the cause.
                return undefined;
            }
        }),
    );
    const found = problems.filter((p): p is string => p !== undefined);
    if (found.length > 0) {
        throw new StackConfigError(found);
    }
}
