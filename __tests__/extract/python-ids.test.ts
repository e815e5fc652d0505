import { describe, expect, it } from '@jest/globals';
import { acceptId } from '../../src/extract/python/ids.js';

describe('acceptId (Python loader arguments)', () => {
  it('accepts hub ids, prefixed forms and URLs with their revision', () => {
    expect(acceptId('meta-llama/Llama-2-7b-hf', 'model')).toEqual({ id: 'meta-llama/Llama-2-7b-hf', revision: null, repoType: 'model' });
    expect(acceptId('org/name@v1.0', 'model')).toEqual({ id: 'org/name', revision: 'v1.0', repoType: 'model' });
    expect(acceptId('hf-hub:timm/resnet50.a1_in1k', 'explicit')).toEqual({ id: 'timm/resnet50.a1_in1k', revision: null, repoType: 'model' });
    expect(acceptId('https://huggingface.co/org/name/resolve/abc123/model.safetensors', 'explicit')).toEqual({ id: 'org/name', revision: 'abc123', repoType: 'model' });
    expect(acceptId('hf://datasets/org/data/train.parquet', 'explicit')).toEqual({ id: 'org/data', revision: null, repoType: 'dataset' });
    expect(acceptId('gpt2', 'model')).toEqual({ id: 'gpt2', revision: null, repoType: 'model' });
  });

  it('rejects local folders written without ./, files, other hosts and site pages', () => {
    for (const value of ['./outputs/final', '/mnt/models/x', '~/m', 'outputs/run1', 'checkpoints/best', 'models/llama', 'org/checkpoint-500', 'runs/exp/ckpt', 'data/train.json', 'C:\\models\\bert', 'bert-base-uncased/', 'ViT-B/32', 'my model', ''])
      expect([value, acceptId(value, 'model')]).toEqual([value, null]);
    for (const value of ['https://github.com/org/repo', 'https://huggingface.co/docs/transformers', 'https://huggingface.co/settings/tokens', 'https://huggingface.co/models', 'https://huggingface.co/spaces/org/app', 'org/name'])
      expect([value, acceptId(value, 'explicit')]).toEqual([value, null]);
    expect(acceptId('efficientnet-b0', 'model')).toBeNull();
  });

  it('reads sentence-transformers short names under their organisation', () => {
    expect(acceptId('all-MiniLM-L6-v2', 'sentence-transformers')?.id).toBe('sentence-transformers/all-MiniLM-L6-v2');
    expect(acceptId('LaBSE', 'sentence-transformers')?.id).toBe('sentence-transformers/LaBSE');
    expect(acceptId('bert-base-uncased', 'sentence-transformers')?.id).toBe('bert-base-uncased');
    expect(acceptId('intfloat/e5-large', 'sentence-transformers')?.id).toBe('intfloat/e5-large');
    expect(acceptId('mymodel', 'sentence-transformers')).toBeNull();
    expect(acceptId('output', 'sentence-transformers')).toBeNull();
  });

  it('takes canonical dataset names but not builder names or local files', () => {
    expect(acceptId('glue', 'dataset')).toEqual({ id: 'glue', revision: null, repoType: 'dataset' });
    expect(acceptId('allenai/c4', 'dataset')).toEqual({ id: 'allenai/c4', revision: null, repoType: 'dataset' });
    for (const value of ['json', 'csv', 'parquet', 'imagefolder', 'data', 'my_script.py', './local', 'data/train'])
      expect([value, acceptId(value, 'dataset')]).toEqual([value, null]);
  });

  it('reads gradio model names', () => {
    expect(acceptId('models/org/name', 'gradio')?.id).toBe('org/name');
    expect(acceptId('huggingface/gpt2', 'gradio')?.id).toBe('gpt2');
    expect(acceptId('spaces/org/app', 'gradio')).toBeNull();
    expect(acceptId('org/name', 'gradio')).toBeNull();
  });
});
