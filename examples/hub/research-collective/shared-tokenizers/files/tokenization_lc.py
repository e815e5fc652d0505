from transformers import PreTrainedTokenizer


class LCTokenizer(PreTrainedTokenizer):
    pass
