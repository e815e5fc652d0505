import { pipeline } from '@huggingface/transformers';

// Browser-side sentiment widget: same model as the service, but not pinned.
export async function sentiment(text: string) {
  const classify = await pipeline('sentiment-analysis', 'acme-ai/sentiment-small');
  return classify(text);
}
