// Routing by name where the loader goes by name: damaged safetensors/GGUF files, chat template
// files, JSON data files; and which hub files a remote scan selects.
import { describe, expect, it } from '@jest/globals';
import { scanArtifact } from '../../src/artifacts/scan.js';
import { selectArtifacts } from '../../src/artifacts/model.js';
import { MemoryByteSource } from '../../src/artifacts/source.js';
import type { ArtifactReport, HubFile } from '../../src/types.js';
import { LIMITS, allFindings } from './helpers.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
async function scan(path: string, bytes: Uint8Array): Promise<ArtifactReport> {
  return scanArtifact(new MemoryByteSource(path, bytes), path, LIMITS);
}
const rules = (r: ArtifactReport): string[] => allFindings(r).map((f) => f.rule);

function u64(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
}

describe('routing by name', () => {
  it('judges a damaged .safetensors as safetensors (MG560), not as an unknown format', async () => {
    const tooLarge = new Uint8Array([...u64(10n ** 12n), ...enc('{"a":1}')]);
    const truncated = new Uint8Array([...u64(4096n), ...enc('{"w":')]);
    for (const bytes of [tooLarge, truncated, enc('hello world, not tensors')]) {
      const r = await scan('model.safetensors', bytes);
      expect(r.format).toBe('safetensors');
      expect(rules(r)).toContain('MG560');
      expect(rules(r)).not.toContain('MG554');
    }
  });
  it('judges a damaged .gguf as GGUF (MG562)', async () => {
    const r = await scan('model-q4.gguf', enc('GGUX\x03\x00\x00\x00 not really'));
    expect(r.format).toBe('gguf');
    expect(rules(r)).toContain('MG562');
  });
  it('lets riskier content win over the name', async () => {
    const pickle = new Uint8Array([0x80, 0x02, ...enc('cos\nsystem\nX'), 2, 0, 0, 0, ...enc('id'), 0x85, 0x52, 0x2e]);
    const r = await scan('model.safetensors', pickle);
    expect(r.format).toBe('pickle');
    expect(rules(r)).toEqual(expect.arrayContaining(['MG540', 'MG553']));
  });
  it('checks chat_template.jinja and additional_chat_templates/*.jinja as templates', async () => {
    const evil = enc("{{ ''.__class__.__mro__[1].__subclasses__() }}");
    for (const path of ['chat_template.jinja', 'repo/additional_chat_templates/tool_use.jinja']) {
      const r = await scan(path, evil);
      expect(rules(r).some((id) => id === 'MG563' || id === 'MG564')).toBe(true);
    }
    const benign = await scan('chat_template.jinja', enc("{% for m in messages %}{{ m['content'] }}{% endfor %}"));
    expect(rules(benign)).toEqual([]);
  });
  it('does not read a large JSON data file past its head', async () => {
    const big = enc(JSON.stringify({ model: { vocab: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`t${i}`, i])) } }));
    expect(big.length).toBeGreaterThan(2 << 20);
    const r = await scan('tokenizer.json', big);
    expect(r.format).toBe('json');
    expect(r.bytesRead).toBeLessThan(64 * 1024);
    const config = await scan('tokenizer_config.json', enc(JSON.stringify({ chat_template: '{{ cycler.__init__.__globals__.os }}' })));
    expect(rules(config).length).toBeGreaterThan(0);
  });
  it('finds a pickle that starts without PROTO, and leaves text alone', async () => {
    const noProto = new Uint8Array([0x8c, 2, ...enc('os'), 0x8c, 6, ...enc('system'), 0x93, 0x8c, 2, ...enc('id'), 0x85, 0x52, 0x2e]);
    const r = await scan('weights.bin', noProto);
    expect(r.format).toBe('pickle');
    expect(rules(r)).toContain('MG540');
    const text = await scan('notes.bin', enc('hello, this is just some text\n'));
    expect(text.format).not.toBe('pickle');
  });
  it('reads word lists and licences that spell protocol 0 opcodes as text unless they call something', async () => {
    for (const [name, body] of [['vocab.txt', 'cat\ndog\nfish\n'], ['LICENSE', '(c) 2024 Example Corp\nAll rights reserved\n'], ['words', 'cos\nsin\ntan\n']]) {
      const r = await scan(name, enc(body.repeat(20)));
      expect(r.format).toBe('text');
      expect(rules(r)).toEqual([]);
    }
    const payload = await scan('notes.txt', enc("cos\nsystem\n(S'id'\ntR."));
    expect(payload.format).toBe('pickle');
    expect(rules(payload)).toContain('MG540');
  });
});

describe('TensorFlow graphs', () => {
  it('finds a file op wherever it sits, also across read slices, and not the saver ops', async () => {
    const field = (op: string): number[] => [0x12, op.length, ...enc(op)];
    const big = new Uint8Array(4 * 1024 * 1024 + 100);
    big.set([0x08, 0x01], 0);
    big.set(field('WriteFile'), 4 * 1024 * 1024 - 5);
    const r = await scan('frozen_graph.pb', big);
    expect(r.format).toBe('tf-savedmodel');
    expect(allFindings(r).find((f) => f.rule === 'MG575')?.evidence).toEqual({ ops: ['WriteFile'] });
    const saver = await scan('saved_model.pb', new Uint8Array([0x08, 0x01, ...field('SaveV2'), ...field('RestoreV2'), ...field('MatMul')]));
    expect(rules(saver)).toEqual([]);
  });
});

describe('polyglots', () => {
  it('scans a zip hidden behind a pickle, and ignores an end-record signature in data', async () => {
    const { zipSync } = await import('fflate');
    const evilPickle = new Uint8Array([0x80, 0x02, ...enc('cos\nsystem\nX'), 2, 0, 0, 0, ...enc('id'), 0x85, 0x52, 0x2e]);
    const zip = zipSync({ 'archive/data.pkl': [evilPickle, { level: 0 }] });
    const benignPickle = new Uint8Array([0x80, 0x02, 0x4e, 0x2e]);
    const poly = new Uint8Array([...benignPickle, ...zip]);
    const r = await scan('model.keras', poly);
    expect(r.format).toBe('pickle');
    expect(r.members?.map((m) => m.path)).toContain('model.keras#zip');
    expect(rules(r)).toContain('MG540');
    const chance = new Uint8Array([0x80, 0x02, 0x43, 22, 0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0), 0x2e]);
    const quiet = await scan('blob.pkl', chance);
    expect(quiet.members ?? []).toEqual([]);
    expect(rules(quiet)).toEqual([]);
  });
});

describe('remote selection', () => {
  const file = (path: string): HubFile => ({ path, size: 1 }) as HubFile;
  it('selects configs that can carry templates or code, and template files, but not JSON data', () => {
    const chosen = selectArtifacts(
      ['tokenizer.json', 'vocab.json', 'special_tokens_map.json', 'tokenizer_config.json', 'config.json', 'chat_template.json', 'preprocessor_config.json', 'processor_config.json', 'chat_template.jinja', 'additional_chat_templates/rag.jinja', 'model.safetensors', 'README.md'].map(file),
    ).map((f) => f.path);
    expect(chosen).toEqual(expect.arrayContaining(['tokenizer_config.json', 'config.json', 'chat_template.json', 'preprocessor_config.json', 'processor_config.json', 'chat_template.jinja', 'additional_chat_templates/rag.jinja', 'model.safetensors']));
    expect(chosen).not.toEqual(expect.arrayContaining(['tokenizer.json']));
    expect(chosen).not.toContain('vocab.json');
    expect(chosen).not.toContain('README.md');
  });
});
