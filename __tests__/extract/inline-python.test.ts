import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('Python inside shell commands', () => {
  it('Dockerfile', async () => {
    expect(await fixtureSummary('inline-python', 'Dockerfile')).toEqual([
      '4:91 constructor SentenceTransformer sentence-transformers/all-MiniLM-L6-v2 high',
      '6:36 from_pretrained AutoTokenizer.from_pretrained distilbert/distilbert-base-uncased-finetuned-sst-2-english high',
      '7:56 from_pretrained AutoModelForSequenceClassification.from_pretrained distilbert/distilbert-base-uncased-finetuned-sst-2-english@714eb0fa89d2f80546fda750413ed43d93601a13 high',
      '10:27 hub_download snapshot_download BAAI/bge-reranker-base high',
    ]);
  });

  it('ci.yml', async () => {
    expect(await fixtureSummary('inline-python', 'ci.yml')).toEqual([
      '10:50 pipeline pipeline facebook/bart-large-cnn high',
    ]);
  });

  it('download.sh', async () => {
    expect(await fixtureSummary('inline-python', 'download.sh')).toEqual([
      '3:8 env MODEL Qwen/Qwen2.5-0.5B-Instruct high',
      '6:25 hub_download hf_hub_download TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF high',
    ]);
  });
});
