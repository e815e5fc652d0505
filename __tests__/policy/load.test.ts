import { describe, expect, it } from '@jest/globals';
import { defaultPolicy, parsePolicy, PolicyError } from '../../src/policy/load.js';

describe('parsePolicy', () => {
  it('fills every default from the schema', () => {
    const p = defaultPolicy();
    expect(p.failOn).toBe('high');
    expect(p.failOnlyIntroduced).toBe(true);
    expect(p.require.minDownloads).toBe(0);
    expect(p.limits.maxPickleOps).toBeGreaterThan(0);
    expect(p.typosquat.sensitivity).toBe('medium');
  });

  it('maps keys and rule overrides', () => {
    const p = parsePolicy(
      'fail-on: medium\nrules:\n  MG301: "off"\n  MG501: critical\ndeny:\n  orgs: ["evil-*"]\nrequire:\n  min-downloads: 100\n',
      'p.yml',
    );
    expect(p.failOn).toBe('medium');
    expect(p.rules.MG301).toEqual({ enabled: false });
    expect(p.rules.MG501).toEqual({ severity: 'critical' });
    expect(p.deny.orgs).toEqual(['evil-*']);
    expect(p.require.minDownloads).toBe(100);
  });

  it('names the key and line of each error', () => {
    let error: PolicyError | null = null;
    try {
      parsePolicy('fail-on: hihg\nrequire:\n  min-downloads: -3\n  pinned: true\n', 'policy.yml');
    } catch (e) {
      error = e as PolicyError;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const byKey = Object.fromEntries(error!.problems.map((p) => [p.key, p]));
    expect(byKey['fail-on'].line).toBe(1);
    expect(byKey['fail-on'].message).toContain('"high"');
    expect(byKey['require.min-downloads'].line).toBe(3);
    expect(byKey['require.pinned'].line).toBe(4);
    expect(byKey['require.pinned'].message).toContain('unknown key "pinned"');
    expect(error!.message).toContain('policy.yml:1: fail-on');
  });

  it('reports YAML syntax errors with a line', () => {
    expect(() => parsePolicy('fail-on: [high\n', 'bad.yml')).toThrow(/bad\.yml:\d/);
    expect(() => parsePolicy('- a\n- b\n', 'list.yml')).toThrow(/mapping/);
  });
});
