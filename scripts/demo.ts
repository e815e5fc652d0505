// `npm run demo`: the README's main command. Starts the local hub server on 127.0.0.1 with the
// example model repositories, scans the example project with the bundled CLI (dist/), then
// scans it again offline. No network beyond 127.0.0.1.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHubServer } from '../testing/hub-server/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = 'examples/demo-project';
const hub = await startHubServer({ root: join(root, 'examples/hub') });

// Asynchronous on purpose: the hub server runs in this process and must keep answering.
function scan(args: string[]): Promise<number> {
  console.log(`\n$ modelgate ${args.join(' ')}\n`);
  const env = { ...process.env };
  // The demo must not send a real token anywhere, not even to the local hub.
  delete env.HF_TOKEN;
  delete env.HUGGING_FACE_HUB_TOKEN;
  delete env.HF_ENDPOINT;
  const child = spawn(process.execPath, [join(root, 'bin/modelgate.js'), ...args], { cwd: root, stdio: 'inherit', env });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 3)));
}

try {
  console.log(`local hub serving examples/hub at ${hub.url}`);
  const online = await scan(['scan', project, '--hub-url', hub.url]);
  const offline = await scan(['scan', project, '--offline']);
  console.log(`\ndemo finished: online scan exit status ${online}, offline scan exit status ${offline}`);
  console.log('(1 = the policy failed: the demo project references risky models on purpose; 2 or 3 would mean a problem)');
  process.exitCode = online === 1 && offline === 1 ? 0 : 1;
} finally {
  await hub.close();
}
