import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MemoryByteSource } from '../../../src/artifacts/source.js';
import { scanChatTemplateFile, scanJsonConfig } from '../../../src/artifacts/formats/index.js';
import { context, fixture, rules } from './helpers.js';

const scan = async (name: string) => (await scanJsonConfig(fixture(`json/${name}`), context(name))).findings;

describe('scanJsonConfig', () => {
  it.each(['tokenizer_config-benign.json', 'tokenizer_config-no-template.json'])('%s is clean', async (name) => {
    const result = await scanJsonConfig(fixture(`json/${name}`), context(name));
    expect(result.format).toBe('json');
    expect(result.findings).toEqual([]);
  });

  it('checks every named template and reports the malicious one by name', async () => {
    const findings = await scan('tokenizer_config-named-malicious.json');
    expect(rules(findings)).toEqual(['MG563']);
    expect(findings[0].severity).toBe('critical');
    expect(findings[0].evidence?.key).toBe('chat_template[tool_use]');
  });

  it('reports invalid JSON and a chat_template of the wrong type', async () => {
    expect(rules(await scan('tokenizer_config-invalid.json'))).toEqual(['MG566']);
    expect(rules(await scan('tokenizer_config-bad-template-type.json'))).toEqual(['MG566']);
  });

  it('reports a config that is not an object or not UTF-8', async () => {
    const array = await scanJsonConfig(new MemoryByteSource('a', new TextEncoder().encode('[1,2]')), context('a'));
    expect(rules(array.findings)).toEqual(['MG566']);
    const binary = await scanJsonConfig(new MemoryByteSource('b', new Uint8Array([0xff, 0xfe, 0x00])), context('b'));
    expect(rules(binary.findings)).toEqual(['MG566']);
  });

  it('refuses a config over the byte budget without reading it', async () => {
    const source = fixture('json/tokenizer_config-benign.json');
    const result = await scanJsonConfig(source, context('x', { maxBytesPerFile: 100 }));
    expect(rules(result.findings)).toEqual(['MG566']);
    expect(source.bytesRead()).toBe(0);
  });

  it('never throws on arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const text = JSON.stringify({ chat_template: value });
        const result = await scanJsonConfig(new MemoryByteSource('t', new TextEncoder().encode(text)), context('t'));
        for (const f of result.findings) expect(['MG563', 'MG564', 'MG565', 'MG566']).toContain(f.rule);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scanChatTemplateFile', () => {
  const file = (text: string) => new MemoryByteSource('t', new TextEncoder().encode(text));

  it('checks chat_template.jinja and named templates with their key', async () => {
    const clean = await scanChatTemplateFile(file('{% for m in messages %}{{ m.content }}{% endfor %}'), context('chat_template.jinja'));
    expect(clean.findings).toEqual([]);
    const named = await scanChatTemplateFile(file('{{ joiner.__init__.__globals__ }}'), context('additional_chat_templates/tool_use.jinja'));
    expect(named.findings[0]).toMatchObject({ rule: 'MG563', severity: 'critical' });
    expect(named.findings[0].evidence?.key).toBe('chat_template[tool_use]');
  });

  it('reports a template that is not UTF-8 or too large', async () => {
    const binary = await scanChatTemplateFile(new MemoryByteSource('b', new Uint8Array([0xc3, 0x28])), context('chat_template.jinja'));
    expect(rules(binary.findings)).toEqual(['MG565']);
    const big = await scanChatTemplateFile(file('x'.repeat(2000)), context('chat_template.jinja', { maxBytesPerFile: 1000 }));
    expect(rules(big.findings)).toEqual(['MG565']);
  });
});
