import argparse

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="research-collective/long-context-chat")
    parser.add_argument("--init-checkpoint", default="checkpoints/init.pt")
    return parser.parse_args()


def main():
    args = parse_args()
    tokenizer = AutoTokenizer.from_pretrained(args.model, trust_remote_code=True)
    model = AutoModelForCausalLM.from_pretrained(args.model, trust_remote_code=True)
    state = torch.load(args.init_checkpoint)  # full unpickler on a local file
    model.load_state_dict(state, strict=False)
    vision = AutoModelForCausalLM.from_pretrained("legacy-lab/resnet-classic")
    return tokenizer, model, vision


if __name__ == "__main__":
    main()
