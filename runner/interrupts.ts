/**
 * Ctrl-C and SIGTERM during a run. The Pulumi CLI cancels gracefully on its first SIGINT (it
 * finishes the steps under way, records them and releases the stack's lock) and stops at once on
 * the second, so the runner must neither die at once (its watchdog would then end the CLI) nor
 * send a second SIGINT where the terminal already sent the CLI one. On the first signal the
 * runner stays, says what happens, and forwards one SIGINT to the CLI (Automation API's abort
 * signal) unless the CLI shows within a moment that it is cancelling already (a terminal's
 * Ctrl-C reaches the whole process group); a second signal stops the runner at once.
 */

/** How long to wait for the CLI to say it is cancelling before forwarding the interrupt to it. */
const FORWARD_AFTER_MS = 1500;

interface Operation {
    readonly controller: AbortController;
    cancelling: boolean;
}

/** The CLI operations under way: one, or one per environment when reviews run side by side. */
const active = new Set<Operation>();
let received = 0;
let installed = false;

/** One CLI operation's abort signal, and the CLI output it watches for the CLI's own cancel. */
export function beginOperation(): { readonly signal: AbortSignal; readonly output: (text: string) => void; readonly end: () => void } {
    const operation: Operation = { controller: new AbortController(), cancelling: false };
    active.add(operation);
    return {
        signal: operation.controller.signal,
        output: (text) => {
            if (received > 0 && /cancel/i.test(text)) {
                operation.cancelling = true;
            }
        },
        end: () => {
            active.delete(operation);
        },
    };
}

function onSignal(name: NodeJS.Signals, print: (text: string) => void): void {
    received++;
    if (received > 1 || active.size === 0) {
        print(`\n${name} received${received > 1 ? " again" : ""}: stopping now.\n`);
        process.exit(130);
    }
    print(
        `\n${name} received: the Pulumi CLI cancels gracefully (it finishes the steps under way, records them and releases the ` +
            "stack's lock); this can take a while. Press Ctrl-C again to stop at once.\n",
    );
    for (const operation of [...active]) {
        const forward = () => {
            if (!operation.cancelling && !operation.controller.signal.aborted) {
                operation.controller.abort();
            }
        };
        if (name === "SIGTERM") {
            forward(); // A SIGTERM is the runner's alone: the CLI has not seen it.
        } else {
            setTimeout(forward, FORWARD_AFTER_MS).unref();
        }
    }
}

/** Installs the handlers once per process (commands that run the CLI call this before their first operation). */
export function installInterruptHandling(print: (text: string) => void): void {
    if (installed) {
        return;
    }
    installed = true;
    process.on("SIGINT", () => onSignal("SIGINT", print));
    process.on("SIGTERM", () => onSignal("SIGTERM", print));
}

/** Whether this process has received SIGINT or SIGTERM. */
export function interrupted(): boolean {
    return received > 0;
}
