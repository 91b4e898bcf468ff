// Process entry. With --stdio, stdout carries the protocol, so the console is rebound to the
// client's log before anything else can print; crashes are logged there too.
/* eslint-disable no-console -- this is the one place that rebinds the console */
import { inspect } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { describeError } from './describeError';
import { createNodeHost } from '../../host/src/serverHost';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
const remote = connection.console;
const format = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? describeError(a) : inspect(a))).join(' ');
console.log = (...args: unknown[]) => remote.log(format(args));
console.info = (...args: unknown[]) => remote.info(format(args));
console.warn = (...args: unknown[]) => remote.warn(format(args));
console.error = (...args: unknown[]) => remote.error(format(args));
console.debug = console.log;
console.trace = console.log;

process.on('uncaughtException', (error) => remote.error(`Uncaught exception: ${describeError(error)}`));
process.on('unhandledRejection', (reason) => remote.error(`Unhandled rejection: ${describeError(reason)}`));

startServer(connection, createNodeHost());
