// Model ids from before the hub required a namespace. The hub still serves them (they redirect
// to e.g. openai-community/gpt2), so a bare name is a hub id only when it is one of these.
const NAMES = `
albert-base-v1 albert-base-v2 albert-large-v1 albert-large-v2 albert-xlarge-v1 albert-xlarge-v2
albert-xxlarge-v1 albert-xxlarge-v2
bert-base-cased bert-base-uncased bert-base-chinese bert-base-german-cased
bert-base-german-dbmdz-cased bert-base-german-dbmdz-uncased bert-base-multilingual-cased
bert-base-multilingual-uncased bert-large-cased bert-large-uncased
bert-large-cased-whole-word-masking bert-large-uncased-whole-word-masking
bert-large-cased-whole-word-masking-finetuned-squad bert-large-uncased-whole-word-masking-finetuned-squad
bert-base-cased-finetuned-mrpc
camembert-base ctrl
distilbert-base-cased distilbert-base-cased-distilled-squad distilbert-base-uncased
distilbert-base-uncased-distilled-squad distilbert-base-uncased-finetuned-sst-2-english
distilbert-base-german-cased distilbert-base-multilingual-cased distilgpt2 distilroberta-base
gpt2 gpt2-medium gpt2-large gpt2-xl openai-gpt
roberta-base roberta-large roberta-large-mnli roberta-base-openai-detector roberta-large-openai-detector
t5-small t5-base t5-large t5-3b t5-11b
transfo-xl-wt103
xlm-clm-ende-1024 xlm-clm-enfr-1024 xlm-mlm-100-1280 xlm-mlm-17-1280 xlm-mlm-en-2048
xlm-mlm-ende-1024 xlm-mlm-enfr-1024 xlm-mlm-enro-1024 xlm-mlm-tlm-xnli15-1024 xlm-mlm-xnli15-1024
xlm-roberta-base xlm-roberta-large xlm-roberta-large-finetuned-conll02-dutch
xlm-roberta-large-finetuned-conll02-spanish xlm-roberta-large-finetuned-conll03-english
xlm-roberta-large-finetuned-conll03-german
xlnet-base-cased xlnet-large-cased
`;

export const LEGACY_MODEL_IDS: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter(Boolean));
