// `npm start`: what the engine says about the bundled examples, as a newcomer would first see it.
// The examples contain deliberate mistakes, so `check` finding problems is the expected outcome.
import { spawnSync } from 'node:child_process';

function run(title, args) {
  process.stdout.write(`\n=== kube-service-dns ${args.join(' ')}\n=== ${title}\n\n`);
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' });
  return result.status;
}

run('the four seed cases: Deployment/StatefulSet × ClusterIP/headless', ['explain', '-f', 'examples/seed']);
run('realistic apps (shop, kafka, a Helm chart)', ['explain', '-f', 'examples/apps']);
const code = run('every problem in examples/ (exit code 1 means problems were found, as intended)', ['check', '-f', 'examples']);
process.stdout.write(`\ncheck exited with ${code}; try: node dist/cli.js resolve web-0.nginx -f examples/seed --from-namespace sts-headless --format json\n`);
