// Starts the local hub server from a shell:
//   node --import ./scripts/register-ts.mjs testing/hub-server/cli.ts --root examples/hub [--root more] [--port 8090] [--token hf_xxx]
// Prints the URL, then serves until interrupted.
import { startHubServer } from './index.js';

const args = process.argv.slice(2);
const roots: string[] = [];
let port = 0;
let token: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--root') roots.push(args[++i]);
  else if (args[i] === '--port') port = Number(args[++i]);
  else if (args[i] === '--token') token = args[++i];
}
if (!roots.length) roots.push('examples/hub');
const server = await startHubServer({ root: roots, port, token });
console.log(server.url);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
