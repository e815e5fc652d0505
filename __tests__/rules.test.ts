import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { RULES } from '../src/rules.js';

describe('rule catalogue', () => {
  it('has unique, well-formed ids grouped by stage', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const stageDigit: Record<string, string[]> = {
      training: ['1'], publication: ['0', '2'], hosting: ['0', '3'], download: ['0', '4'], loading: ['0', '5'], inference: ['0', '6'],
    };
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^MG\d{3}$/);
      expect(stageDigit[rule.stage]).toContain(rule.id[2]);
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
  });

  it('documents every rule with What, Why, Fix and Suppress sections', () => {
    for (const rule of RULES) {
      const path = new URL(`../docs/rules/${rule.id}.md`, import.meta.url);
      expect(existsSync(path)).toBe(true);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith(`# ${rule.id}`)).toBe(true);
      for (const heading of ['## What', '## Why', '## Fix', '## Suppress']) expect(text).toContain(heading);
    }
  });
});
