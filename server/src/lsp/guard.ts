// Handler guards: a failing handler logs its method and stack and gives the neutral answer (null,
// [] or an empty report), so one bug never kills the server or shows the user a protocol error.
// A cancelled request gets LSP's RequestCancelled error, as the protocol asks.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { describeError } from '../describeError';
import type { Logger } from '../workspace/workspaceIndex';

// `never` data: a cancellation error fits every request's error type (diagnostics declare their own).
export type SafeRequestHandler<P, R> = (params: P, token: CancellationToken) => Promise<R | ResponseError<never>>;

export function runSafe<P, R>(log: Logger, method: string, neutral: () => NoInfer<R>, handler: (params: P, token: CancellationToken) => Promise<R> | R): SafeRequestHandler<P, R> {
  return async (params, token) => {
    try {
      if (token.isCancellationRequested) return cancelled(method);
      const result = await handler(params, token);
      return token.isCancellationRequested ? cancelled(method) : result;
    } catch (error) {
      // A ResponseError is an answer meant for the user (e.g. "not a valid Service name"), not a bug.
      if (error instanceof ResponseError) return error as ResponseError<never>;
      log.error(`${method} failed: ${describeError(error)}`);
      return neutral();
    }
  };
}

/** Notifications have no answer: a failure is only logged. */
export function runSafeNotification<P>(log: Logger, method: string, handler: (params: P) => Promise<void> | void): (params: P) => void {
  return (params) => {
    try {
      const result = handler(params);
      if (result) result.catch((error: unknown) => log.error(`${method} failed: ${describeError(error)}`));
    } catch (error) {
      log.error(`${method} failed: ${describeError(error)}`);
    }
  };
}

function cancelled(method: string): ResponseError<never> {
  return new ResponseError<never>(LSPErrorCodes.RequestCancelled, `${method} was cancelled`);
}
