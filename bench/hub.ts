// Hub client benchmark: hub requests per unique model, and wall time of a cold and a warm run
// (persistent cache), over 200 references to 50 models served by the local hub server.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assessHub } from '../src/hub/assess.js';
import { createHubClient } from '../src/hub/client.js';
import { defaultPolicy } from '../src/policy/load.js';
import type { ModelReference, ModelTarget } from '../src/types.js';
import { startHubServer } from '../testing/hub-server/index.js';

const MODELS = 50;
const REFERENCES = 200;
const log = { info: () => undefined, warn: () => undefined, debug: () => undefined };

async function writeFixtures(root: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < MODELS; i++) {
    const id = `org${i % 10}/model-${i}`;
    ids.push(id);
    const dir = path.join(root, `org${i % 10}`, `model-${i}`);
    await mkdir(path.join(dir, 'files'), { recursive: true });
    await writeFile(path.join(dir, 'repo.json'), JSON.stringify({ downloads: 1000 * i, createdAt: '2024-01-01T00:00:00.000Z', commits: [{ id: (i + 1).toString(16).padStart(40, '0') }] }));
    await writeFile(path.join(dir, 'files', 'config.json'), JSON.stringify({ model_type: 'bert' }));
    await writeFile(path.join(dir, 'files', 'model.safetensors'), Buffer.alloc(4096, i));
    if (i % 5 === 0) await writeFile(path.join(dir, 'files', 'pytorch_model.bin'), Buffer.alloc(1024, i));
    if (i % 7 === 0) await writeFile(path.join(dir, 'files', 'modeling.py'), 'import torch\n');
  }
  return ids;
}

function targets(ids: string[], pinned: boolean): ModelTarget[] {
  const byKey = new Map<string, ModelTarget>();
  for (let r = 0; r < REFERENCES; r++) {
    const i = r % ids.length;
    const revision = pinned ? (i + 1).toString(16).padStart(40, '0') : null;
    const ref: ModelReference = { id: ids[i], raw: ids[i], revision, repoType: 'model', kind: 'from_pretrained', call: 'AutoModel.from_pretrained', flags: {}, confidence: 'high', file: `src/f${r}.py`, line: 1, column: 1 };
    const key = `${ids[i]}@${revision}`;
    const t = byKey.get(key) ?? { id: ids[i], revision, repoType: 'model' as const, references: [] };
    t.references.push(ref);
    byKey.set(key, t);
  }
  return [...byKey.values()];
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const root = await mkdtemp(path.join(tmpdir(), 'modelgate-bench-hub-'));
  const ids = await writeFixtures(path.join(root, 'hub'));
  const server = await startHubServer({ root: path.join(root, 'hub') });
  const rows: Record<string, string | number>[] = [];
  try {
    for (const pinned of [true, false]) {
      const cacheFile = path.join(root, `cache-${pinned}.json`);
      const list = targets(ids, pinned);
      for (const phase of ['cold', 'warm']) {
        const hub = createHubClient({ endpoint: server.url, cacheFile, log });
        const served = server.requests.length;
        const started = performance.now();
        const results = await Promise.all(list.map((t) => assessHub(t, { policy: defaultPolicy(), hub, log, now: new Date() })));
        await hub.saveCache();
        const ms = performance.now() - started;
        rows.push({
          run: phase,
          references: pinned ? 'pinned' : 'unpinned',
          refs: REFERENCES,
          models: list.length,
          hubRequests: hub.requestCount(),
          serverSaw: server.requests.length - served,
          requestsPerModel: Number((hub.requestCount() / list.length).toFixed(2)),
          findings: results.reduce((n, r) => n + r.findings.length, 0),
          ms: Math.round(ms),
        });
      }
    }
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
  return { name: 'hub client: 200 references to 50 models (local hub server)', rows };
}
