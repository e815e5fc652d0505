"""Sentiment service: the reviewed, pinned model, plus a quick experiment someone added."""
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

SENTIMENT_MODEL = "acme-ai/sentiment-small"
SENTIMENT_REVISION = "d2bf07363d5967feef06cc04ebcbbf43b2af3c43"


def load_reviewed():
    tokenizer = AutoTokenizer.from_pretrained(SENTIMENT_MODEL, revision=SENTIMENT_REVISION)
    model = AutoModelForSequenceClassification.from_pretrained(SENTIMENT_MODEL, revision=SENTIMENT_REVISION)
    return tokenizer, model


def load_experiment():
    # One keystroke away from the reviewed model: a stranger's upload.
    return pipeline("text-classification", model="fresh-uploader/sentiment-smal1")
