// Requests the server sends to the client: a client that never answers must not stall the index
// (issue 15, finding 23). Progress is never waited for; configuration is, with a deadline.
import type { WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { describeError } from '../describeError';
import type { ServerHost } from '../../../host/src/serverHost';
import type { Logger, ProgressReporter } from '../workspace/workspaceIndex';

/** How long the server waits for the client to answer one of its requests. */
export const CLIENT_ANSWER_TIMEOUT_MS = 8_000;

export class ClientTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`the client did not answer ${what} within ${ms / 1000} s`);
    this.name = 'ClientTimeoutError';
  }
}

/**
 * `request`'s answer, or a `ClientTimeoutError` after `ms`. A late answer is handed to `late`
 * (to end a progress bar nobody will report to, say).
 */
export function withClientTimeout<T>(host: Pick<ServerHost, 'setTimeout'>, what: string, request: Promise<T>, late?: (value: T) => void, ms = CLIENT_ANSWER_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    // The deadline is checked once more after one more turn of the event loop: a server busy past
    // it (reading a huge message) has the answer waiting in its input, read before that turn ends.
    let timer = host.setTimeout(() => {
      timer = host.setTimeout(() => {
        timedOut = true;
        reject(new ClientTimeoutError(what, ms));
      }, 0);
    }, ms);
    request.then(
      (value) => {
        timer.dispose();
        if (timedOut) late?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        timer.dispose();
        if (!timedOut) reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * A progress reporter usable at once: `window/workDoneProgress/create` is sent, and the bar begins
 * (at the latest report) when the client answers. Work never waits for it; a bar answered after
 * the work ended is ended at once.
 */
export function progressWithoutWaiting(create: () => Promise<WorkDoneProgressServerReporter>, title: string, log: Logger): ProgressReporter {
  let reporter: WorkDoneProgressServerReporter | null = null;
  let latest: { message: string; percentage: number } | null = null;
  let finished = false;
  create().then(
    (created) => {
      created.begin(title, 0, undefined, false);
      if (latest) created.report(latest.percentage, latest.message);
      if (finished) created.done();
      else reporter = created;
    },
    (error: unknown) => log.warn(`No progress shown: ${describeError(error)}`),
  );
  return {
    report(message, percentage) {
      latest = { message, percentage };
      reporter?.report(percentage, message);
    },
    done() {
      finished = true;
      reporter?.done();
      reporter = null;
    },
  };
}
