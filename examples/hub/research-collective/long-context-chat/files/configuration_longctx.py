from transformers import PretrainedConfig


class LongCtxConfig(PretrainedConfig):
    model_type = 'longctx'
