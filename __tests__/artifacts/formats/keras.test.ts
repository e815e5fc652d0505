import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MemoryByteSource } from '../../../src/artifacts/source.js';
import type { ArtifactReport, ByteSource } from '../../../src/types.js';
import { checkKerasConfig, scanKerasH5, scanKerasZip } from '../../../src/artifacts/formats/index.js';
import { marshalNames } from '../../../src/artifacts/formats/keras-config.js';
import { extractJsonObject } from '../../../src/artifacts/formats/keras.js';
import { context, fixture, fixtureBytes, rules, SparseSource } from './helpers.js';

const zip = async (name: string) => (await scanKerasZip(fixture(`keras/${name}`), context(name))).findings;
const h5 = async (name: string) => (await scanKerasH5(fixture(`h5/${name}`), context(name))).findings;

describe('scanKerasZip', () => {
  it('passes a plain Sequential model', async () => {
    expect(await zip('benign-sequential.keras')).toEqual([]);
  });

  it('reports a Lambda layer as high and lists the names in its bytecode', async () => {
    const [finding] = await zip('lambda-benign.keras');
    expect(finding).toMatchObject({ rule: 'MG570', severity: 'high' });
    const items = finding.evidence?.items as { bytecodeObjects: number; names: string[] }[];
    expect(items[0].bytecodeObjects).toBe(1);
    expect(items[0].names).toContain('x');
  });

  it('reports a Lambda whose bytecode names os.system as critical', async () => {
    const [finding] = await zip('lambda-os-system.keras');
    expect(finding).toMatchObject({ rule: 'MG570', severity: 'critical' });
    expect(finding.message).toMatch(/os|system|__import__/);
  });

  it.each([
    ['enable-unsafe-deserialization.keras', 'MG572', 'critical'],
    ['get-file.keras', 'MG572', 'critical'],
    ['vocabulary-path.keras', 'MG572', 'critical'],
    ['os-module.keras', 'MG571', 'critical'],
    ['custom-module.keras', 'MG571', 'high'],
    ['main-module.keras', 'MG571', 'medium'],
  ])('%s: %s %s', async (name, rule, severity) => {
    const findings = await zip(name);
    expect(findings.find((f) => f.rule === rule)?.severity).toBe(severity);
  });

  it('hands other model formats inside the archive to the dispatcher, and skips weights and text', async () => {
    const seen: string[] = [];
    const ctx = {
      ...context('pickle-in-assets.keras'),
      scanNested: async (source: ByteSource, path: string): Promise<ArtifactReport> => {
        seen.push(path);
        return { path, format: 'pickle', bytesRead: await source.size(), size: await source.size(), globals: [], findings: [], durationMs: 0 };
      },
    };
    const result = await scanKerasZip(fixture('keras/pickle-in-assets.keras'), ctx);
    expect(seen).toEqual(['pickle-in-assets.keras/assets/vocab.pkl']);
    expect(result.members?.map((m) => m.path)).toEqual(seen);
    expect(result.findings).toEqual([]);
  });

  it.each(['no-config.keras', 'bad-json.keras', 'not-a-zip.keras'])('%s cannot be verified', async (name) => {
    expect(rules(await zip(name))).toContain('MG573');
  });
});

describe('scanKerasH5', () => {
  it('passes a legacy model and weights-only files', async () => {
    expect(await h5('legacy-benign.h5')).toEqual([]);
    expect(await h5('weights-only.h5')).toEqual([]);
    expect(await h5('keras3.weights.h5')).toEqual([]);
  });

  it('reports a full-model file without its config', async () => {
    expect(rules(await h5('full-model-no-config.h5'))).toEqual(['MG573']);
  });

  it('reports a Lambda once, not once more for the function object inside it', async () => {
    const [finding] = await zip('lambda-benign.keras');
    expect((finding.evidence?.items as unknown[]).length).toBe(1);
  });

  it('reads model_config and judges its Lambda layers', async () => {
    expect((await h5('legacy-lambda-benign.h5'))[0]).toMatchObject({ rule: 'MG570', severity: 'high' });
    expect((await h5('legacy-lambda-os.h5'))[0]).toMatchObject({ rule: 'MG570', severity: 'critical' });
    expect((await h5('legacy-fixed-bytes-lambda.h5'))[0]).toMatchObject({ rule: 'MG570', severity: 'critical' });
  });

  it('finds the config in the bytes when the HDF5 reader fails', async () => {
    const [finding] = await h5('damaged-superblock-lambda.h5');
    expect(finding).toMatchObject({ rule: 'MG570', severity: 'critical' });
    expect(String(finding.evidence?.where)).toContain('raw bytes');
  });

  it('reports a file it cannot parse', async () => {
    expect(rules(await h5('not-hdf5.h5'))).toEqual(['MG573']);
  });

  it('reads only the start of a large file', async () => {
    const head = fixtureBytes('h5/legacy-lambda-os.h5');
    const source = new SparseSource('big.h5', head, 3 * 1024 * 1024 * 1024);
    const result = await scanKerasH5(source, context('big.h5'));
    expect(result.findings[0]).toMatchObject({ rule: 'MG570', severity: 'critical' });
    expect(source.bytesRead()).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('Keras config helpers', () => {
  it('lists the names in marshalled bytecode', () => {
    // Short-ASCII records ('z' + length) as CPython 3 marshal writes names.
    const bytes = new Uint8Array([0xe3, 0, 0, 0, 0, 0xfa, 2, 0x6f, 0x73, 0xda, 6, ...new TextEncoder().encode('system')]);
    expect(marshalNames(bytes)).toEqual(['os', 'system']);
  });

  it('extracts a balanced JSON object with braces inside strings', () => {
    const text = 'xx{"a": "}{", "b": {"c": 1}}yy';
    expect(extractJsonObject(text, 2)).toBe('{"a": "}{", "b": {"c": 1}}');
    expect(extractJsonObject('{"a": 1', 0)).toBeNull();
  });

  it('flags TFOpLambda calls outside tensor math', () => {
    const config = { class_name: 'Functional', config: { layers: [
      { class_name: 'TFOpLambda', config: { name: 'tf.math.add', function: 'math.add' } },
      { class_name: 'TFOpLambda', config: { name: 'tf.io.write_file', function: 'io.write_file' } },
      { class_name: 'TFOpLambda', config: { name: 'tf.raw_ops.Print', function: 'raw_ops.PrintV2' } },
    ] } };
    const findings = checkKerasConfig(config, 'm.h5', 'model_config');
    expect(findings.find((f) => f.rule === 'MG572')?.message).toContain('io.write_file');
    expect(findings.find((f) => f.rule === 'MG571')?.message).toContain('raw_ops.PrintV2');
    expect(findings.some((f) => f.message.includes('math.add'))).toBe(false);
  });

  it('grades modules: attack modules, unknown packages, known libraries', () => {
    const obj = (module: string, config: unknown = { name: 'x' }) => ({ class_name: 'Sequential', config: { layers: [{ module, class_name: 'Thing', config }] } });
    const severity = (module: string) => checkKerasConfig(obj(module), 'm', 'c')[0]?.severity;
    expect(severity('subprocess')).toBe('critical');
    expect(severity('totally_unknown_pkg.layers')).toBe('high');
    expect(severity('transformers.models.bert.modeling_tf_bert')).toBe('medium');
    expect(severity('keras_hub.src.models.gemma')).toBeUndefined();
  });

  it('flags lookup layers that read a vocabulary file on load', () => {
    const layer = (vocabulary: unknown) => ({ module: 'keras.layers', class_name: 'StringLookup', config: { name: 'lookup', vocabulary } });
    const at = (vocabulary: unknown) => checkKerasConfig({ class_name: 'Sequential', config: { layers: [layer(vocabulary)] } }, 'm.keras', 'config.json');
    expect(at('/etc/passwd')[0]).toMatchObject({ rule: 'MG572', severity: 'critical' });
    expect(at('gs://bucket/vocab.txt')[0]).toMatchObject({ rule: 'MG572', severity: 'critical' });
    expect(at('../../home/u/.ssh/id_rsa')[0]).toMatchObject({ rule: 'MG572', severity: 'critical' });
    expect(at('vocab.txt')[0]).toMatchObject({ rule: 'MG572', severity: 'high' });
    expect(at(['a', 'b'])).toEqual([]);
    expect(at(null)).toEqual([]);
  });

  it('never throws on arbitrary JSON configs', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        for (const f of checkKerasConfig(value, 'p', 'config.json')) expect(['MG570', 'MG571', 'MG572', 'MG573']).toContain(f.rule);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated archives and HDF5 files', async () => {
    const seeds = [fixtureBytes('keras/lambda-os-system.keras'), fixtureBytes('h5/legacy-lambda-os.h5')];
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.array(fc.tuple(fc.nat(9000), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), async (which, edits) => {
        const copy = seeds[which].slice();
        for (const [at, value] of edits) copy[at % copy.length] = value;
        const scan = which === 0 ? scanKerasZip : scanKerasH5;
        const result = await scan(new MemoryByteSource('f', copy), context('f'));
        expect(Array.isArray(result.findings)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
