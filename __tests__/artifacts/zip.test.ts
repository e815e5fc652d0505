// The zip reader: what it reads (requests), and how it treats what PyTorch's reader tolerates.
import { describe, expect, it } from '@jest/globals';
import { zipSync } from 'fflate';
import { openZip } from '../../src/artifacts/containers/zip.js';
import { MemoryByteSource } from '../../src/artifacts/source.js';
import type { ArtifactScanContext, ByteSource } from '../../src/types.js';
import { LIMITS } from './helpers.js';

class CountingSource extends MemoryByteSource {
  reads: [number, number][] = [];
  override async read(offset: number, length: number): Promise<Uint8Array> {
    this.reads.push([offset, length]);
    return super.read(offset, length);
  }
}

const ctx: ArtifactScanContext = {
  path: 'test.zip',
  limits: LIMITS,
  depth: 0,
  deadline: Date.now() + 60_000,
  scanNested: async () => {
    throw new Error('not used');
  },
};

function bigStoredZip(): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = {
    'archive/data.pkl': [Uint8Array.from([0x80, 0x02, 0x4e, 0x2e]), { level: 0 }],
  };
  for (let i = 0; i < 20; i++) files[`archive/data/${i}`] = [new Uint8Array(200_000), { level: 0 }];
  return zipSync(files);
}

describe('openZip', () => {
  it('lists members from the central directory in one or two reads and reads a member in one more', async () => {
    const src = new CountingSource('big.zip', bigStoredZip());
    const zip = await openZip(src, ctx);
    expect(zip.entries.map((e) => e.name)).toContain('archive/data.pkl');
    expect(src.reads.length).toBeLessThanOrEqual(2);
    const pkl = zip.entries.find((e) => e.name === 'archive/data.pkl')!;
    expect(Array.from(await zip.read(pkl, 100))).toEqual([0x80, 0x02, 0x4e, 0x2e]);
    expect(src.reads.length).toBeLessThanOrEqual(3);
    expect(src.bytesRead()).toBeLessThan(100_000);
  });

  it('returns a prefix of a deflated member within the budget', async () => {
    const data = zipSync({ 'a.bin': [new Uint8Array(1_000_000).fill(7), { level: 9 }] });
    const zip = await openZip(new MemoryByteSource('d.zip', data), ctx);
    const got = await zip.read(zip.entries[0], 10);
    expect(got.length).toBe(10);
    expect(zip.entries[0]).toMatchObject({ method: 8, uncompressedSize: 1_000_000 });
  });

  it('ignores the encryption flag and CRCs like PyTorch, and reports the flag', async () => {
    const data = zipSync({ 'x/data.pkl': [Uint8Array.from([0x80, 0x02, 0x4e, 0x2e]), { level: 0 }] });
    // set bit 0 in the local and central headers and break the CRC
    const buf = Buffer.from(data);
    buf[6] |= 1;
    buf.writeUInt32LE(0xdeadbeef, 14);
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf[central + 8] |= 1;
    const zip = await openZip(new MemoryByteSource('e.zip', buf), ctx);
    expect(zip.findings.map((f) => f.rule)).toContain('MG552');
    expect(Array.from(await zip.read(zip.entries[0], 10))).toEqual([0x80, 0x02, 0x4e, 0x2e]);
  });

  it('finds the end record behind a comment and reports trailing bytes', async () => {
    const data = Buffer.concat([Buffer.from(zipSync({ 'a.txt': [new Uint8Array(3), { level: 0 }] })), Buffer.from('trailing')]);
    const zip = await openZip(new MemoryByteSource('t.zip', data), ctx);
    expect(zip.entries).toHaveLength(1);
    expect(zip.findings.map((f) => f.rule)).toContain('MG551');
  });

  it('rejects a file without an end record', async () => {
    await expect(openZip(new MemoryByteSource('n.zip', new Uint8Array(100)), ctx)).rejects.toThrow(/end-of-central-directory/);
  });

  it('flags traversal and duplicate names', async () => {
    const a = Buffer.from(zipSync({ 'aa/../../x': [new Uint8Array(1), { level: 0 }], 'bb': [new Uint8Array(1), { level: 0 }], 'cc': [new Uint8Array(1), { level: 0 }] }));
    // rename cc to bb in both headers: a duplicate name
    let at = -1;
    while ((at = a.indexOf('cc', at + 1)) >= 0) a.write('bb', at);
    const zip = await openZip(new MemoryByteSource('p.zip', a) as ByteSource, ctx);
    expect(zip.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['MG547', 'MG549']));
  });
});
