#!/usr/bin/env bash
set -euo pipefail
huggingface-cli download old-team/summarizer --local-dir ./models/summarizer
