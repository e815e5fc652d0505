// action.yml and src/main.ts must agree: every input main reads is declared and documented,
// every output it sets is declared, and inputs that are policy keys carry no default (an empty
// input means "use the policy file"; defaults live in schema/policy.schema.json).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8'));
const main = readFileSync('src/main.ts', 'utf8');
const policySchema = JSON.parse(readFileSync('schema/policy.schema.json', 'utf8'));

describe('action.yml', () => {
  it('runs dist/index.js on node24 with branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding.icon).toBeTruthy();
    expect(action.branding.color).toBeTruthy();
  });

  it('declares and documents every input main reads', () => {
    const read = [...main.matchAll(/optional(?:String|Boolean)\('([a-z-]+)'\)/g)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(10);
    for (const name of read) {
      expect(action.inputs[name]).toBeDefined();
      expect(action.inputs[name].description.length).toBeGreaterThan(20);
    }
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
  });

  it('declares every output main sets', () => {
    const set = [...main.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]);
    for (const name of set) expect(action.outputs[name]?.description).toBeTruthy();
    expect(Object.keys(action.outputs).sort()).toEqual([...new Set(set)].sort());
  });

  it('gives no default to an input that is a policy key', () => {
    const policyKeys = Object.keys(policySchema.properties);
    const overlapping = Object.keys(action.inputs).filter((name) => policyKeys.includes(name));
    expect(overlapping).toEqual(expect.arrayContaining(['fail-on', 'warn-only', 'fail-only-introduced']));
    for (const name of overlapping) expect(action.inputs[name].default).toBeUndefined();
  });
});
