import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MemoryByteSource } from '../../../src/artifacts/source.js';
import { scanGguf } from '../../../src/artifacts/formats/index.js';
import { context, fixture, fixtureBytes, rules, SparseSource } from './helpers.js';

/** A GGUF v3 file with no tensors whose vocabulary array makes the header about `target` bytes. */
function ggufWithTokens(target: number): Uint8Array {
  const parts: Buffer[] = [];
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
  const str = (s: string) => Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)]);
  const count = Math.floor((target - 100) / 18);
  parts.push(Buffer.from('GGUF'), u32(3), u64(0), u64(2));
  parts.push(str('general.architecture'), u32(8), str('llama'));
  parts.push(str('tokenizer.ggml.tokens'), u32(9), u32(8), u64(count));
  for (let i = 0; i < count; i++) parts.push(str(`tok${String(i).padStart(7, '0')}`));
  const body = Buffer.concat(parts);
  const padded = Buffer.alloc(Math.ceil(body.length / 32) * 32);
  body.copy(padded);
  return new Uint8Array(padded);
}

const scan = async (name: string) => (await scanGguf(fixture(`gguf/${name}`), context(name))).findings;

describe('scanGguf', () => {
  it.each(['benign-llama31.gguf', 'benign-no-template.gguf'])('%s is clean', async (name) => {
    expect(await scan(name)).toEqual([]);
  });

  it('flags a malicious default chat template as critical', async () => {
    const findings = await scan('malicious-template.gguf');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'MG563', severity: 'critical', artifact: 'malicious-template.gguf' });
    expect(findings[0].evidence?.key).toBe('tokenizer.chat_template');
  });

  it('checks named templates too', async () => {
    const findings = await scan('malicious-named-template.gguf');
    expect(rules(findings)).toEqual(['MG563']);
    expect(findings[0].evidence?.key).toBe('tokenizer.chat_template.tool_use');
  });

  it('accepts a quantized tensor table whose sizes work out', async () => {
    expect(await scan('tensors-quantized-benign.gguf')).toEqual([]);
  });

  it.each([
    ['tensors-overflow.gguf', 'high', 'more than a 64-bit count holds'],
    ['tensors-overlap.gguf', 'medium', 'share bytes'],
    ['tensors-unknown-type.gguf', 'medium', 'unknown ggml type 77'],
    ['tensors-misaligned.gguf', 'low', 'alignment'],
  ])('%s: tensor table anomaly (%s)', async (name, severity, text) => {
    const findings = await scan(name);
    expect(rules(findings)).toEqual(['MG562']);
    expect(findings[0].severity).toBe(severity);
    expect(findings[0].message).toContain(text);
  });

  it.each([
    ['bad-magic.gguf', 'magic'],
    ['bad-version.gguf', 'version'],
    ['huge-kv-count.gguf', 'KV metadata count'],
    ['truncated.gguf', 'more than the'],
  ])('%s is an invalid header (%s)', async (name, text) => {
    const findings = await scan(name);
    expect(rules(findings)).toEqual(['MG562']);
    expect(findings[0].message).toContain(text);
  });

  it('reads the header, not the tensor data, of a large file', async () => {
    const head = fixtureBytes('gguf/benign-llama31.gguf');
    const size = 4 * 1024 * 1024 * 1024;
    const source = new SparseSource('big.gguf', head, size);
    const result = await scanGguf(source, context('big.gguf'));
    expect(result.findings).toEqual([]);
    expect(source.bytesRead()).toBeLessThanOrEqual(2_000_000);
  });

  // Headers that end near the reader's 2 MB chunk boundaries: the reader asks for a chunk
  // past the end of the file, which must not be mistaken for a runaway header.
  it.each([1_700_000, 1_990_000, 2_300_000, 4_100_000])('parses a %i-byte header whole', async (target) => {
    const bytes = ggufWithTokens(target);
    const result = await scanGguf(new MemoryByteSource('big-vocab.gguf', bytes), context('big-vocab.gguf'));
    expect(result.findings).toEqual([]);
  });

  it('stops a header that keeps reading zero padding past the end of the file', async () => {
    for (const name of ['zero-padding-runaway-1.gguf', 'zero-padding-runaway-2.gguf']) {
      const findings = await scan(`crashers/${name}`);
      expect(rules(findings)).toEqual(['MG562']);
      expect(findings[0].message).toContain('past the end');
    }
  });

  it('turns the byte budget into a could-not-scan finding', async () => {
    const result = await scanGguf(fixture('gguf/benign-llama31.gguf'), context('x', { maxBytesPerFile: 100 }));
    expect(rules(result.findings)).toEqual(['MG562']);
    expect(result.findings[0].evidence?.budget).toBe('bytes');
  });

  it('never throws on random or mutated input', async () => {
    const seed = fixtureBytes('gguf/malicious-named-template.gguf');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }).map((edits) => {
            const copy = seed.slice();
            for (const [at, value] of edits) copy[at] = value;
            return copy;
          }),
        ),
        async (bytes) => {
          const result = await scanGguf(new MemoryByteSource('f', bytes), context('f'));
          for (const f of result.findings) expect(['MG562', 'MG563', 'MG564', 'MG565']).toContain(f.rule);
        },
      ),
      { numRuns: 200 },
    );
  });
});
