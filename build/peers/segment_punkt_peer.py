#!/usr/bin/python3
"""NLTK peer for the `segment` benchmark (test/Benchmarks/Transforms/SegmentationBenchmark.cs).

Trains NLTK's unsupervised Punkt model on the corpus itself (as the issue's Python pipeline does), then splits every
story into sentences (paragraphs first, since a line break ends a sentence in our segmenter too) and groups them in
pairs. Reads a .jsonl corpus with a "text" field. Prints one JSON object: train and split seconds, and the
sentences of every story (for the boundary-agreement figure). Run with Debian's /usr/bin/python3 (python3-nltk).
"""
import json
import sys
import time

from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        stories = [json.loads(line)["text"].strip() for line in f if line.strip()]
    start = time.perf_counter()
    trainer = PunktTrainer()
    trainer.train("\n\n".join(stories), finalize=True)
    tokenizer = PunktSentenceTokenizer(trainer.get_params())
    train_seconds = time.perf_counter() - start

    start = time.perf_counter()
    sentences = [[s for p in story.split("\n") if p.strip() for s in tokenizer.tokenize(p.strip())] for story in stories]
    chunks = [[" ".join(s[i:i + 2]) for i in range(0, len(s), 2)] for s in sentences]
    split_seconds = time.perf_counter() - start
    print(json.dumps({"train_seconds": train_seconds, "split_seconds": split_seconds,
                      "chunks": sum(len(c) for c in chunks), "sentences": sentences}))


if __name__ == "__main__":
    main()
