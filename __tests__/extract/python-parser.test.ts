import { describe, expect, it } from '@jest/globals';
import { parsePython } from '../../src/extract/python/parser.js';

describe('parsePython', () => {
  it('parses a call and reports syntax errors', async () => {
    const tree = await parsePython('from transformers import AutoModel\nAutoModel.from_pretrained("gpt2")\n');
    expect(tree.rootNode.hasError).toBe(false);
    expect(tree.rootNode.namedChildren[1]?.type).toBe('expression_statement');
    tree.delete();
    const broken = await parsePython('def (:\n');
    expect(broken.rootNode.hasError).toBe(true);
    broken.delete();
  });
});
