import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { MemoryByteSource } from '../../../src/artifacts/source.js';
import { scanOnnx } from '../../../src/artifacts/formats/index.js';
import { externalLocationRisk } from '../../../src/artifacts/formats/onnx.js';
import { context, fixture, fixtureBytes, FIXTURES, rules } from './helpers.js';

const scan = async (name: string) => (await scanOnnx(fixture(`onnx/${name}`), context(name))).findings;

describe('scanOnnx', () => {
  it.each(['benign.onnx', 'benign-large-initializer.onnx', 'com-microsoft-domain.onnx', 'local-function-domain.onnx', 'external-relative.onnx'])(
    '%s has only the summary',
    async (name) => {
      const findings = await scan(name);
      expect(rules(findings)).toEqual(['MG574']);
      expect(findings[0].evidence?.irVersion).toBe(8);
    },
  );

  const cases = readdirSync(new URL('onnx/cases/', FIXTURES)).filter((f) => f.endsWith('.onnx'));

  it('has the onnx package\'s own test models as fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('onnx test model %s has only the summary', async (name) => {
    const findings = await scan(`cases/${name}`);
    expect(rules(findings)).toEqual(['MG574']);
    expect(findings[0].evidence?.nodes).toBeGreaterThan(0);
  });

  it('lists opsets and external data in the summary', async () => {
    const [summary] = await scan('external-relative.onnx');
    expect(summary.evidence?.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(summary.evidence?.externalData).toEqual(['weights.bin']);
    const [withFn] = await scan('local-function-domain.onnx');
    expect(withFn.evidence?.opsets).toEqual([
      { domain: '', version: 17 },
      { domain: 'local.fns', version: 1 },
    ]);
  });

  it.each([
    ['external-absolute.onnx', '/etc/passwd'],
    ['external-traversal.onnx', '../../../root/.ssh/id_rsa'],
    ['subgraph-external-absolute.onnx', '/home/user/.aws/credentials'],
  ])('%s: external data escaping the folder is critical', async (name, location) => {
    const findings = await scan(name);
    const escape = findings.find((f) => f.rule === 'MG567');
    expect(escape?.severity).toBe('critical');
    expect(escape?.evidence?.location).toBe(location);
  });

  it('lists custom operator domains with their operators', async () => {
    const findings = await scan('custom-domain.onnx');
    const custom = findings.find((f) => f.rule === 'MG568');
    expect(custom?.evidence?.domains).toEqual({ 'com.acme.customops': ['FastGelu'] });
  });

  it.each(['truncated.onnx', 'garbage.onnx'])('%s is malformed', async (name) => {
    const findings = await scan(name);
    expect(rules(findings)).toContain('MG569');
  });

  it('skips inline weights instead of reading them', async () => {
    const source = fixture('onnx/benign-large-initializer.onnx');
    await scanOnnx(source, context('x'));
    expect(source.bytesRead()).toBeLessThan((await source.size()) / 2);
  });

  it('turns the byte budget into a could-not-scan finding', async () => {
    const result = await scanOnnx(fixture('onnx/benign-large-initializer.onnx'), context('x', { maxBytesPerFile: 1000 }));
    expect(result.findings.find((f) => f.rule === 'MG569')?.evidence?.budget).toBe('bytes');
  });

  it('judges external data locations', () => {
    expect(externalLocationRisk('weights.bin')).toBeNull();
    expect(externalLocationRisk('data/part-0001.bin')).toBeNull();
    expect(externalLocationRisk('data/../weights.bin')?.severity).toBe('medium');
    for (const bad of ['/etc/passwd', '..\\..\\secret', 'C:\\Windows\\win.ini', '\\\\host\\share\\x', 'file:///etc/passwd', '~/.ssh/id_rsa', 'a/../../b', 'x\0y']) {
      expect(externalLocationRisk(bad)?.severity).toBe('critical');
    }
  });

  it('never throws on random or mutated input', async () => {
    const seed = fixtureBytes('onnx/subgraph-external-absolute.onnx');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }).map((edits) => {
            const copy = seed.slice();
            for (const [at, value] of edits) copy[at] = value;
            return copy;
          }),
        ),
        async (bytes) => {
          const result = await scanOnnx(new MemoryByteSource('f', bytes), context('f'));
          for (const f of result.findings) expect(['MG567', 'MG568', 'MG569', 'MG574']).toContain(f.rule);
        },
      ),
      { numRuns: 400 },
    );
  });
});
