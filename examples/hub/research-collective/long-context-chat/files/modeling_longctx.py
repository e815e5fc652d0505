import torch
from transformers import PreTrainedModel

from .configuration_longctx import LongCtxConfig


class LongCtxForCausalLM(PreTrainedModel):
    config_class = LongCtxConfig

    def forward(self, input_ids):
        return torch.zeros(1)
