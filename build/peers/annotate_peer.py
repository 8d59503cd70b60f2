"""Python peer of the annotation pipeline, timed side by side with ours by the "annotate-5000" benchmark.

The same stages with the standard Python tools: NLTK Punkt trained on the corpus itself, chunks of N sentences,
a regex mask (gendered pronouns, plus capitalised words whose lower-case form never occurs in the corpus),
scikit-learn TfidfVectorizer(sublinear_tf=True, min_df=2) -> TruncatedSVD(256) -> L2 normalise ->
KMeans(k, init="k-means++", n_init=10), then "<cluster_i> " before every original chunk.

Usage: /usr/bin/python3 build/peers/annotate_peer.py INPUT.jsonl OUTPUT.jsonl [--k 5] [--sentences 2] [--seed 1]
Prints one JSON line: {"seconds": total wall time, "cpu_seconds": CPU time of all threads, "stages": {...}, "chunks": n, "inertia": ...}.
"""
import argparse
import json
import re
import sys
import time

import numpy as np
from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

PRONOUNS = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)
WORD = re.compile(r"\b[A-Za-z]+\b")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    stages = {}
    start, cpu_start = time.perf_counter(), time.process_time()
    with open(args.input, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    stories = [r.get("story", r.get("text", "")).strip() for r in records]
    stages["read"] = time.perf_counter() - start

    t = time.perf_counter()
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train("\n\n".join(stories), finalize=True)
    tokenizer = PunktSentenceTokenizer(trainer.get_params())
    story_chunks = []
    for story in stories:
        spans = list(tokenizer.span_tokenize(story))
        groups = [spans[i:i + args.sentences] for i in range(0, len(spans), args.sentences)]
        story_chunks.append([(g[0][0], g[-1][1]) for g in groups])
    stages["segment"] = time.perf_counter() - t

    t = time.perf_counter()
    lower_words = {w for s in stories for w in WORD.findall(s) if w.islower()}

    def mask(chunk):
        chunk = PRONOUNS.sub("<unk>", chunk)
        return WORD.sub(lambda m: "<unk>" if m.group(0)[0].isupper() and m.group(0).lower() not in lower_words else m.group(0), chunk)

    chunks = [story[a:b] for story, spans in zip(stories, story_chunks) for a, b in spans]
    masked = [mask(c) for c in chunks]
    stages["mask"] = time.perf_counter() - t

    t = time.perf_counter()
    tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(masked)
    dims = min(256, tfidf.shape[1] - 1)
    vectors = normalize(TruncatedSVD(dims, random_state=args.seed).fit_transform(tfidf)).astype(np.float32)
    stages["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    kmeans = KMeans(args.k, init="k-means++", n_init=10, random_state=args.seed).fit(vectors)
    labels = kmeans.labels_
    stages["cluster"] = time.perf_counter() - t

    t = time.perf_counter()
    position = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for record, story, spans in zip(records, stories, story_chunks):
            pieces, last = [], 0
            for a, b in spans:
                pieces.append(story[last:a])
                pieces.append(f"<cluster_{labels[position]}> " + story[a:b])
                position += 1
                last = b
            pieces.append(story[last:])
            record = dict(record)
            record["story" if "story" in record else "text"] = "".join(pieces)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    stages["write"] = time.perf_counter() - t

    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_start, "stages": stages, "chunks": len(chunks),
                      "dims": dims, "inertia": float(kmeans.inertia_)}))


if __name__ == "__main__":
    sys.exit(main())
