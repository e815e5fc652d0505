import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MemoryByteSource } from '../../../src/artifacts/source.js';
import { scanSafetensors } from '../../../src/artifacts/formats/index.js';
import { context, fixture, fixtureBytes, rules, SparseSource } from './helpers.js';

const scan = async (name: string) => (await scanSafetensors(fixture(`safetensors/${name}`), context(name))).findings;

function header(json: string, dataBytes: number): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

describe('scanSafetensors', () => {
  it.each(['benign-state-dict.safetensors', 'benign-no-metadata.safetensors'])('%s is clean', async (name) => {
    expect(await scan(name)).toEqual([]);
  });

  it.each([
    ['overlap.safetensors', 'high', 'overlaps'],
    ['duplicate-key.safetensors', 'high', 'more than once'],
    ['trailing-pickle.safetensors', 'high', 'pickle'],
    ['gap.safetensors', 'medium', 'belong to no tensor'],
    ['trailing-bytes.safetensors', 'medium', '64 bytes after the last tensor'],
    ['size-mismatch.safetensors', 'medium', 'needs 12 bytes'],
    ['unknown-dtype.safetensors', 'medium', 'F128'],
    ['metadata-not-strings.safetensors', 'low', '__metadata__'],
  ])('%s is a %s layout anomaly (%s)', async (name, severity, text) => {
    const findings = await scan(name);
    expect(rules(findings)).toEqual(['MG561']);
    expect(findings[0].severity).toBe(severity);
    expect(findings[0].message).toContain(text);
  });

  it.each([
    ['header-too-large.safetensors', 'maximum'],
    ['header-not-json.safetensors', 'not valid JSON'],
    ['header-trailing-garbage.safetensors', 'not padding'],
    ['truncated.safetensors', 'does not fit'],
    ['too-short.safetensors', 'too short'],
  ])('%s has an invalid header (%s)', async (name, text) => {
    const findings = await scan(name);
    expect(rules(findings)).toEqual(['MG560']);
    expect(findings[0].message).toContain(text);
  });

  it('reads only the header of a large file', async () => {
    const json = JSON.stringify({ w: { dtype: 'F32', shape: [1024, 1024, 256], data_offsets: [0, 1024 * 1024 * 1024] } });
    const head = header(json, 0);
    const source = new SparseSource('big.safetensors', head, head.length + 1024 * 1024 * 1024);
    const result = await scanSafetensors(source, context('big.safetensors'));
    expect(result.findings).toEqual([]);
    expect(source.bytesRead()).toBe(head.length);
  });

  it('reports a header over the byte budget as could-not-scan without reading it', async () => {
    const bytes = fixtureBytes('safetensors/benign-state-dict.safetensors');
    const source = new MemoryByteSource('x', bytes);
    const result = await scanSafetensors(source, context('x', { maxBytesPerFile: 100 }));
    expect(rules(result.findings)).toEqual(['MG560']);
    expect(result.findings[0].evidence?.budget).toBe('bytes');
    expect(source.bytesRead()).toBe(8);
  });

  it('accepts sub-byte dtypes whose sizes work out and flags those that do not', async () => {
    const ok = header(JSON.stringify({ q: { dtype: 'F4', shape: [4], data_offsets: [0, 2] } }), 2);
    expect((await scanSafetensors(new MemoryByteSource('a', ok), context('a'))).findings).toEqual([]);
    const odd = header(JSON.stringify({ q: { dtype: 'F4', shape: [3], data_offsets: [0, 2] } }), 2);
    expect(rules((await scanSafetensors(new MemoryByteSource('b', odd), context('b'))).findings)).toEqual(['MG561']);
  });

  it('never throws on random or mutated input', async () => {
    const seed = fixtureBytes('safetensors/benign-state-dict.safetensors');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }).map((edits) => {
            const copy = seed.slice();
            for (const [at, value] of edits) copy[at] = value;
            return copy;
          }),
        ),
        async (bytes) => {
          const result = await scanSafetensors(new MemoryByteSource('f', bytes), context('f'));
          for (const f of result.findings) expect(['MG560', 'MG561']).toContain(f.rule);
        },
      ),
      { numRuns: 400 },
    );
  });
});
