import { describe, expect, it } from '@jest/globals';
import { parseModelId } from '../../src/resolve/model-id.js';

describe('hf:// revisions', () => {
  it('end at the path inside the repository, except the hub refs that contain slashes', () => {
    expect(parseModelId('hf://org/name@abc123/weights/model.bin', 'free-text')).toMatchObject({ id: 'org/name', revision: 'abc123' });
    expect(parseModelId('hf://org/name@refs/pr/3/file.py', 'free-text')).toMatchObject({ id: 'org/name', revision: 'refs/pr/3' });
    expect(parseModelId('hf://datasets/org/ds@refs/convert/parquet/default/train/0.parquet', 'free-text')).toMatchObject({
      id: 'org/ds',
      revision: 'refs/convert/parquet',
      repoType: 'dataset',
    });
    expect(parseModelId('org/name@main', 'model-arg')).toMatchObject({ id: 'org/name', revision: 'main' });
  });
});
