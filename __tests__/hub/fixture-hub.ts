// Builds fixture hub folders in a temp dir for the hub tests (format: testing/hub-server/README.md).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function tempRoot(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'modelgate-hub-'));
}

export async function writeRepo(root: string, id: string, meta: Record<string, unknown>, files: Record<string, string | Uint8Array>, dir = 'files'): Promise<void> {
  const repoDir = path.join(root, ...id.split('/'));
  await mkdir(repoDir, { recursive: true });
  await writeFile(path.join(repoDir, 'repo.json'), JSON.stringify(meta, null, 2));
  for (const [p, content] of Object.entries(files)) {
    const full = path.join(repoDir, dir, ...p.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

export async function writeHubMeta(root: string, meta: Record<string, unknown>): Promise<void> {
  await writeFile(path.join(root, '_hub.json'), JSON.stringify(meta, null, 2));
}

export const silentLog = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/** A standard set of repositories most hub tests use. */
export async function standardHub(): Promise<string> {
  const root = await tempRoot();
  await writeHubMeta(root, {
    authors: {
      acme: { type: 'org', verified: true, createdAt: '2020-01-01T00:00:00.000Z' },
      'openai-community': { type: 'org', verified: true, createdAt: '2019-01-01T00:00:00.000Z' },
      newbie: { type: 'user', createdAt: '2026-11-20T00:00:00.000Z' },
    },
  });
  await writeRepo(root, 'acme/safe', { downloads: 50000, likes: 40, createdAt: '2021-01-01T00:00:00.000Z', commits: [{ id: 'a'.repeat(40), dir: 'files' }] }, {
    'config.json': '{"model_type":"bert","architectures":["BertModel"]}',
    'model.safetensors': new Uint8Array(300_000).fill(7),
    'README.md': '---\nlicense: apache-2.0\nbase_model: acme/base\n---\n# safe\n',
  });
  await writeRepo(root, 'acme/pickled', { downloads: 10, createdAt: '2026-11-20T00:00:00.000Z', security: { 'pytorch_model.bin': { status: 'unsafe', pickleImportScan: { status: 'unsafe', pickleImports: [{ module: 'os', name: 'system', safety: 'dangerous' }, { module: 'collections', name: 'OrderedDict', safety: 'innocuous' }] }, avScan: { status: 'safe' } }, 'extra.pkl': { status: 'caution', protectAiScan: { status: 'caution', message: 'unknown global' } } } }, {
    'config.json': '{}',
    'pytorch_model.bin': 'PK fake',
    'extra.pkl': 'x',
  });
  await writeRepo(root, 'acme/custom', { downloads: 900 }, {
    'config.json': JSON.stringify({ auto_map: { AutoConfig: 'configuration_x.XConfig', AutoModel: 'other-org/code-repo--modeling_x.XModel' } }),
    'modeling_x.py': 'import torch\n',
    'model.safetensors': 'st',
  });
  await writeRepo(root, 'acme/gated', { gated: 'manual', downloads: 100 }, { 'config.json': '{}', 'model.safetensors': 'st' });
  await writeRepo(root, 'new-org/renamed', { redirectFrom: ['old-org/renamed'], downloads: 100 }, { 'config.json': '{}', 'model.safetensors': 'st' });
  await writeRepo(root, 'openai-community/gpt2', { redirectFrom: ['gpt2'], downloads: 10_000_000 }, { 'config.json': '{}', 'model.safetensors': 'st', 'pytorch_model.bin': 'pk' });
  await writeRepo(root, 'newbie/lonely', { downloads: 3, createdAt: '2026-11-20T00:00:00.000Z' }, { 'model.safetensors': 'st' });
  return root;
}
