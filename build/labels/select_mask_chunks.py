#!/usr/bin/env python3
"""Deterministic selection of the chunks hand-labelled for the entity-mask precision/recall test.

A labelled chunk is one paragraph of a story (the story's text, trimmed, split at line breaks, blank paragraphs
dropped), so the selection does not depend on the segmenter. The stories are read exactly as the C# CorpusReader
reads them (JSONL "text" field trimmed; TinyStories .txt stories between <|endoftext|> lines, lines joined by "\\n",
trimmed; the possibly cut-off last story of a .txt file is never chosen).

    select_mask_chunks.py select            # the references, one JSON object per line
    select_mask_chunks.py show              # the selected chunks with their capitalised words, for the annotator
    select_mask_chunks.py expand NAMES.txt  # annotator's "id<TAB>Name Name ..." lines -> mask_labels.jsonl (stdout)

mask_labels.jsonl holds only references (file, story, chunk) and the labelled spans [start, end, surface] of person
names in the chunk (character offsets in UTF-16 code units, as C# strings count), never the story text.
Names are proper names of characters (people, animals, toys); titles (Mr., Mrs.), kinship words used as names
(Mom, Dad, Grandma), places, days and holidays are not names.
"""
import json
import random
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
# (file relative to shared/data, number of chunks to draw)
SOURCES = [
    ("tinystories/tinystories_gpt4_clean_first5000.jsonl", 180),
    ("tinystories/TinyStories-train_prefix_2MiB.txt", 60),
]
SEED = 20261123


def read_stories(relative):
    path = DATA / relative
    if path.suffix == ".jsonl":
        stories = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    text = json.loads(line)["text"].strip()
                    if text:
                        stories.append(text)
        return stories
    stories, lines = [], []
    with open(path, encoding="utf-8-sig") as f:
        for raw in f.read().split("\n"):
            line = raw[:-1] if raw.endswith("\r") else raw
            if line.strip() == "<|endoftext|>":
                text = "\n".join(lines).strip()
                if text:
                    stories.append(text)
                lines = []
            elif lines or line.strip():
                lines.append(line)
    return stories  # the last piece (no separator after it) is dropped: it may be cut off


def paragraphs(story):
    return [p.strip() for p in story.split("\n") if p.strip()]


def select():
    rng = random.Random(SEED)
    refs = []
    for relative, count in SOURCES:
        stories = read_stories(relative)
        for story_index in sorted(rng.sample(range(len(stories)), count)):
            paras = paragraphs(stories[story_index])
            refs.append({"file": relative, "story": story_index, "chunk": rng.randrange(len(paras))})
    return refs


def chunk_text(ref, cache={}):
    if ref["file"] not in cache:
        cache[ref["file"]] = read_stories(ref["file"])
    return paragraphs(cache[ref["file"]][ref["story"]])[ref["chunk"]]


def utf16_offset(text, index):
    return len(text[:index].encode("utf-16-le")) // 2


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "select"
    refs = select()
    if command == "select":
        for ref in refs:
            print(json.dumps(ref))
    elif command == "show":
        for i, ref in enumerate(refs):
            text = chunk_text(ref)
            capitals = sorted({m.group() for m in re.finditer(r"\b[A-Z][a-zA-Z]*", text)})
            print(f"## {i}\t{ref['file'].split('/')[-1]}#{ref['story']}.{ref['chunk']}\n{text}\n   capitals: {' '.join(capitals)}\n")
    elif command == "expand":
        names = {}
        for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                index, _, surfaces = line.partition("\t")
                names[int(index)] = surfaces.split()
        for i, ref in enumerate(refs):
            text = chunk_text(ref)
            spans = []
            for surface in names.get(i, []):
                found = [m for m in re.finditer(rf"(?<![A-Za-z]){re.escape(surface)}(?![A-Za-z])", text)]
                if not found:
                    sys.exit(f"chunk {i}: '{surface}' does not occur")
                spans += [[utf16_offset(text, m.start()), utf16_offset(text, m.end()), surface] for m in found]
            print(json.dumps({**ref, "names": sorted(spans)}))
    else:
        sys.exit(f"unknown command '{command}'")


if __name__ == "__main__":
    main()
