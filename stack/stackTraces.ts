/**
 * No stack frames for the program's own run under the engine. @pulumi/pulumi records a stack trace
 * for every promise it tracks (runtime/debuggable.js, `new Error().stack`, kept only for its
 * promise-leak report) and for every resource it registers (stored in the state as `stackTrace`),
 * and under ts-node every trace is source-mapped: about 20 ms of CPU per ModelAccess, 1.3 s for 64,
 * all spent before the engine receives the first registration (measured under mocks: 1,357 ms for
 * 64 with the default 10 frames, 80 ms with none), and about 1 KB of each resource's state.
 *
 * Only under an engine (pulumi preview/up: the language host gives the program the monitor's
 * address in PULUMI_NODEJS_MONITOR), never under mocks, where test failures need their stacks. The
 * program's errors are messages (StackConfigError and AWS's answers); to see frames anyway, and
 * to keep each resource's source position in the state, set BEDROCK_MODEL_ACCESS_STACK_TRACES=1.
 */

export function dropStackTracesUnderEngine(env: NodeJS.ProcessEnv = process.env): void {
    const monitor = env.PULUMI_NODEJS_MONITOR;
    if (monitor !== undefined && monitor !== "" && monitor !== "mock" && !env.BEDROCK_MODEL_ACCESS_STACK_TRACES) {
        Error.stackTraceLimit = 0;
    }
}
