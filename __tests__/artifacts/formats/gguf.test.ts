import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MemoryByteSource } from '../../../src/artifacts/source.js';
import { scanGguf } from '../../../src/artifacts/formats/index.js';
import { context, fixture, fixtureBytes, rules, SparseSource } from './helpers.js';

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
