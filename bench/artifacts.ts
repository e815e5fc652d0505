// Artifact scanning throughput and remote read economy. Generates its own data in a temp dir:
// a 1M-opcode pickle stream, a ~50 MB legacy PyTorch checkpoint, and a sparse 2 GB zip
// checkpoint declared to the local hub server (testing/hub-server) and scanned through the real
// hub client with HTTP Range requests (bytes read must stay under 0.1%).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPickle } from '../src/artifacts/pickle/machine.js';
import { scanArtifact, scanModelArtifacts } from '../src/artifacts/scan.js';
import { MemoryByteSource } from '../src/artifacts/source.js';
import type { ScanLimits } from '../src/types.js';

const LIMITS: ScanLimits = {
  maxBytesPerFile: 256 * 1024 * 1024,
  maxDecompressedBytes: 512 * 1024 * 1024,
  maxPickleOps: 50_000_000,
  maxStackDepth: 1_000_000,
  maxMemoEntries: 5_000_000,
  timeoutMsPerFile: 120_000,
  timeoutMsPerModel: 300_000,
  maxNesting: 4,
};

class Writer {
  parts: Buffer[] = [];
  length = 0;
  push(...bufs: (Buffer | number[] | string)[]): void {
    for (const b of bufs) {
      const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.isBuffer(b) ? b : Buffer.from(b);
      this.parts.push(buf);
      this.length += buf.length;
    }
  }
  u32(n: number): number[] {
    return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    if (b.length < 256) this.push([0x8c, b.length], b);
    else this.push([0x58], this.u32(b.length), b);
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A protocol-2 list of ~`ops` opcodes: BININT1 items appended in batches. */
function opStream(ops: number): Buffer {
  const w = new Writer();
  w.push([0x80, 0x02, 0x5d]);
  let n = 2;
  while (n < ops - 3) {
    w.push([0x28]);
    for (let i = 0; i < 998; i++) w.push([0x4b, i & 255]);
    w.push([0x65]);
    n += 1000;
  }
  w.push([0x2e]);
  return w.done();
}

/** A legacy (non-zip) torch.save state dict with `tensors` entries, then storage bytes. */
export function legacyCheckpoint(tensors: number, storageBytes: number): Buffer {
  const w = new Writer();
  // magic number, protocol version, sys_info
  w.push([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
  w.push([0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e]);
  w.push([0x80, 0x02, 0x7d, 0x2e]);
  // the state dict, written the way torch.save writes it: globals memoised once and fetched
  // with BINGET, SETITEMS in batches of 1000
  w.push([0x80, 0x02, 0x63], 'collections\nOrderedDict\n', [0x71, 0x00, 0x29, 0x52]);
  w.push([0x63], 'torch._utils\n_rebuild_tensor_v2\n', [0x71, 0x01, 0x30]);
  w.push([0x63], 'torch\nFloatStorage\n', [0x71, 0x02, 0x30]);
  for (let i = 0; i < tensors; i++) {
    if (i % 1000 === 0) w.push([0x28]);
    w.str(`layers.${i}.weight`);
    w.push([0x68, 0x01, 0x28, 0x28]);
    w.str('storage');
    w.push([0x68, 0x02]);
    w.str(String(i));
    w.str('cpu');
    w.push([0x4a], w.u32(64), [0x74, 0x51, 0x4b, 0x00, 0x4b, 0x08, 0x4b, 0x08, 0x86, 0x4b, 0x08, 0x4b, 0x01, 0x86, 0x89, 0x68, 0x00, 0x29, 0x52, 0x74, 0x52]);
    if (i % 1000 === 999 || i === tensors - 1) w.push([0x75]);
  }
  w.push([0x2e]);
  // storage keys
  w.push([0x80, 0x02, 0x5d, 0x28]);
  for (let i = 0; i < Math.min(tensors, 1000); i++) w.str(String(i));
  w.push([0x65, 0x2e]);
  w.push(Buffer.alloc(storageBytes));
  return w.done();
}

/**
 * The non-zero parts of a zip checkpoint of about `total` bytes: data.pkl first, then `members`
 * big stored tensor members (zeros), then the central directory. Returned as (offset, bytes)
 * pieces so the hub server can serve a 2 GB file without it existing on disk.
 */
function zipCheckpointParts(total: number, members: number): { size: number; parts: { offset: number; bytes: Buffer }[] } {
  const parts: { offset: number; bytes: Buffer }[] = [];
  const central: Buffer[] = [];
  let at = 0;
  const pickle = legacyCheckpoint(members, 0).subarray(25); // the state-dict pickle (after magic, protocol, sys_info)
  const entry = (name: string, size: number, data: Buffer | null): void => {
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    parts.push({ offset: at, bytes: Buffer.concat([local, nameBuf, data ?? Buffer.alloc(0)]) });
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(size, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE(at, 42);
    central.push(c, nameBuf);
    at += 30 + nameBuf.length + size;
  };
  entry('archive/data.pkl', pickle.length, pickle);
  const each = Math.floor((total - at - 64 * 1024) / members);
  for (let i = 0; i < members; i++) entry(`archive/data/${i}`, each, null);
  entry('archive/version', 2, Buffer.from('3\n'));
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members + 2, 8);
  end.writeUInt16LE(members + 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(at, 16);
  parts.push({ offset: at, bytes: Buffer.concat([cd, end]) });
  return { size: at + cd.length + 22, parts };
}

/** A hub fixture folder declaring the checkpoint as a generated file (testing/hub-server). */
async function writeHubFixture(root: string, total: number, members: number): Promise<number> {
  const { size, parts } = zipCheckpointParts(total, members);
  const repo = join(root, 'bench', 'big-checkpoint');
  await mkdir(join(repo, '_parts'), { recursive: true });
  const declared = [];
  for (const [i, p] of parts.entries()) {
    if (p.bytes.length > 1024) {
      await writeFile(join(repo, '_parts', `${i}.bin`), p.bytes);
      declared.push({ offset: p.offset, file: `_parts/${i}.bin` });
    } else declared.push({ offset: p.offset, base64: p.bytes.toString('base64') });
  }
  const repoJson = { generated: { 'pytorch_model.bin': { size, fill: 0, parts: declared, sha256: 'a'.repeat(64) } } };
  await writeFile(join(repo, 'repo.json'), JSON.stringify(repoJson));
  await mkdir(join(repo, 'files'), { recursive: true });
  await writeFile(join(repo, 'files', 'config.json'), '{"model_type": "bench"}');
  return size;
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const rows: Record<string, string | number>[] = [];
  const deadline = Date.now() + 600_000;

  const stream = opStream(1_000_000);
  let t = performance.now();
  const r = runPickle(stream, 0, { maxOps: 5e7, maxStackDepth: 1e6, maxMemoEntries: 1e6, deadline });
  let ms = performance.now() - t;
  rows.push({ case: '1M-op pickle stream', bytes: stream.length, ops: r.ops, ms: Math.round(ms), 'ops/s': Math.round(r.ops / (ms / 1000)), 'MB/s': +(stream.length / 1e6 / (ms / 1000)).toFixed(1) });

  const legacy = legacyCheckpoint(120_000, 41 * 1024 * 1024);
  t = performance.now();
  const rep = await scanArtifact(new MemoryByteSource('legacy.pt', legacy), 'legacy.pt', LIMITS);
  ms = performance.now() - t;
  const pickleBytes = legacy.length - 41 * 1024 * 1024;
  rows.push({ case: `legacy checkpoint (${(legacy.length / 1e6).toFixed(0)} MB, ${(pickleBytes / 1e6).toFixed(0)} MB of pickle)`, bytes: legacy.length, format: rep.format, findings: rep.findings.length, ms: Math.round(ms), 'MB/s (pickle)': +(pickleBytes / 1e6 / (ms / 1000)).toFixed(1), 'MB/s (file)': +(legacy.length / 1e6 / (ms / 1000)).toFixed(1), 'bytes read': rep.bytesRead });

  const dir = await mkdtemp(join(tmpdir(), 'mg-bench-'));
  try {
    const size = await writeHubFixture(dir, 2 * 1024 * 1024 * 1024, 300);
    const { startHubServer } = await import('../testing/hub-server/index.js');
    const { createHubClient } = await import('../src/hub/client.js');
    const hub = await startHubServer({ root: dir });
    try {
      const client = createHubClient({ endpoint: hub.url });
      const facts = await client.modelFacts('bench/big-checkpoint', null);
      const before = client.requestCount();
      t = performance.now();
      const reports = await scanModelArtifacts({ ...facts, files: (facts.files ?? []).filter((f) => f.path === 'pytorch_model.bin') }, client, { ...LIMITS, maxArtifactsPerModel: 10 });
      ms = performance.now() - t;
      const remote = reports[0];
      rows.push({
        case: 'remote 2 GB zip checkpoint (local hub server, HTTP Range)',
        bytes: size,
        format: remote?.format ?? 'none',
        findings: remote?.findings.length ?? 0,
        requests: client.requestCount() - before,
        'bytes read': remote?.bytesRead ?? 0,
        'share read': `${(((remote?.bytesRead ?? 0) / size) * 100).toFixed(4)}%`,
        ms: Math.round(ms),
      });
    } finally {
      await hub.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { name: 'artifacts', rows };
}
