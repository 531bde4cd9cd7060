#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs: the repository's test files, the shared
# interop samples and the seed article's exports. Run from anywhere; needs ../shared beside
# the repository and a built passeur (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=$root/../shared
passeur=$root/target/release/passeur
samples=$shared/eval/interop/samples/valid
corpus=corpus
mkdir -p "$corpus"
seed() { # seed TARGET FILE...
  mkdir -p "$corpus/$1"
  local target=$1
  shift
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "$corpus/$target/$(basename "$file")"
  done
  return 0
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$shared"/seed/*.txt "$work/article.txt"
export XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache XDG_CONFIG_HOME=$work/config
"$passeur" init "$work/article.txt" >/dev/null
for format in tmx xliff12 xliff2 csv tsv; do
  "$passeur" export "$work/article.txt.passeur" --to "$format" -o "$work/article.$format" 2>/dev/null
done
head -c 3000 "$work/article.txt" > "$work/article-head.txt"

seed xliff "$root"/tests/data/*.xlf "$samples"/*.xlf "$work/article.xliff12" "$work/article.xliff2"
seed tmx "$samples"/*.tmx "$work/article.tmx"
seed tbx "$samples"/*.tbx
seed glossary_yaml "$root"/glossaries/*.yaml
seed glossary_tabular "$samples"/glossary.csv "$samples"/glossary.tsv
seed table_import "$samples"/basic*.csv "$samples"/basic*.tsv "$work/article.csv" "$work/article.tsv"
seed project_file "$work/article.txt.passeur"
seed source_detect "$work/article.xliff12" "$work/article-head.txt" "$work/article.tmx"
seed document "$work/article-head.txt" "$root"/README.md
seed glossary_match "$work/article-head.txt"
seed qa_checks "$work/article-head.txt"
seed memory_lookup "$work/article-head.txt"
# Provider answers in each shape, and a team-memory row in PostgreSQL's binary format (columns
# separated by 0xff: id, seven texts, created, changed, words).
mkdir -p "$corpus/mt_provider_answers" "$corpus/team_rows"
printf '{"translations": [{"text": "The SCO summit."}]}' > "$corpus/mt_provider_answers/deepl.json"
printf '{"translatedText": ["It rains.", "It snows."]}' > "$corpus/mt_provider_answers/libre.json"
printf '{"choices": [{"message": {"content": "1. It rains.\\n2. It snows."}}]}' > "$corpus/mt_provider_answers/openai.json"
printf '{"target": "It rains."}\n{"error": "too long"}\n' > "$corpus/mt_provider_answers/command.jsonl"
python3 - "$corpus/team_rows/row.bin" <<'PY'
import struct, sys
texts = ["Il pleut.", "It rains.", "tmx", "", "desk", "", "Il neige."]
parts = [struct.pack(">q", 1)] + [t.encode() for t in texts]
parts += [struct.pack(">q", 0), struct.pack(">q", 1700000000), struct.pack(">i", 2)]
open(sys.argv[1], "wb").write(b"\xff".join(parts))
PY
mkdir -p "$corpus/segmentation_exceptions"
printf 'abbreviations: [Cie., bd., "pt. ex."]\nbreak_after: [Inc.]\n' > "$corpus/segmentation_exceptions/user.yaml"
# Documents: whole files, and the main part of each package alone (the targets wrap a part
# that is not a package into one). Read from ../shared, kept in the ignored corpus only.
documents=$shared/eval/documents
seed docx "$documents"/news/*.docx "$documents"/real/*.docx
seed odt "$documents"/news/*.odt "$documents"/real/*.odt
seed html "$documents"/news/*.html "$documents"/real/*.html
for file in "$documents"/news/*.docx "$documents"/real/*.docx; do
  unzip -p "$file" word/document.xml > "$corpus/docx/$(basename "$file").document.xml" || true
done
for file in "$documents"/news/*.odt "$documents"/real/*.odt; do
  unzip -p "$file" content.xml > "$corpus/odt/$(basename "$file").content.xml" || true
done
# align: a mode byte, then a French text, NUL, its English version (news pairs of the kit).
mkdir -p "$corpus/align"
for n in 001 003 013; do
  for mode in 0 1; do
    pair=$shared/eval/align/wmt14-fren/$n
    [ -f "$pair.fr.txt" ] || continue
    if [ "$mode" = 0 ]; then fr=$pair.fr.txt en=$pair.en.txt; else fr=$pair.fr en=$pair.en; fi
    { printf "\\x0$mode"; cat "$fr"; printf '\0'; cat "$en"; } >"$corpus/align/$n-$mode"
  done
done

du -sh "$corpus"/*
