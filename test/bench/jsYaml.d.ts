// The part of js-yaml's API the benchmark uses (js-yaml ships no types; it is only a baseline).
declare module 'js-yaml' {
  export interface ListenerState {
    readonly position: number;
    readonly kind?: string | null;
  }
  export interface LoadOptions {
    readonly filename?: string;
    readonly json?: boolean;
    readonly listener?: (eventType: 'open' | 'close', state: ListenerState) => void;
  }
  export function loadAll(text: string, iterator?: null | ((doc: unknown) => void), options?: LoadOptions): unknown[];
}
