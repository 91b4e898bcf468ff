// Shared by the suite (extension host) and runInCodeServer (Node): keep free of imports.

/** Printed by suite/index.ts run() just before mocha starts. runInCodeServer forwards the
 *  workbench's informational log lines to stdout only from this line on (earlier ones are
 *  the workbench booting; see --verbose). */
export const SUITE_START_MARKER = '[e2e-suite] start';

/** Workbench error lines that are expected on a machine without internet. */
export const KNOWN_NOISE: RegExp[] = [
  /getaddrinfo (ENOTFOUND|EAI_AGAIN) open-vsx\.org/, // extension gallery lookup
  /ENOTFOUND (marketplace\.visualstudio\.com|update\.code\.visualstudio\.com|main\.vscode-cdn\.net)/,
];
