#!/usr/bin/env bash
# Regenerate the strict JSON Schemas that tests/support/alexa_checks.py validates against.
#
#   npm ci && bash tests/schemas/generate.sh [OUT_DIR]
#
# OUT_DIR defaults to tests/schemas (the committed copies, so tests never need Node).
#   alexa-response-envelope.schema.json  ask-sdk-model's TypeScript ResponseEnvelope,
#                                        via ts-json-schema-generator (interfaces are closed:
#                                        additionalProperties false; postprocess.py checks it)
#   interaction-model.schema.json        ask-smapi-model's Swagger InteractionModelData,
#                                        made standalone and closed by postprocess.py
#   skill-manifest.schema.json           ask-smapi-model's Swagger SkillManifestEnvelope
#                                        (skill-package/skill.json), the same way
# Versions are pinned in package.json / package-lock.json and recorded in each file's $comment.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here}"
python="${PYTHON:-python3}"
nm="$root/node_modules"

for pkg in ask-sdk-model ask-smapi-model ts-json-schema-generator; do
  if [[ ! -f "$nm/$pkg/package.json" ]]; then
    echo "generate.sh: $nm/$pkg is missing; run 'npm ci' in $root first" >&2
    exit 1
  fi
done

mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# --no-type-check: the .d.ts is generated code; type-checking it only costs time.
node "$nm/ts-json-schema-generator/bin/ts-json-schema-generator.js" \
  --path "$nm/ask-sdk-model/index.d.ts" \
  --type ResponseEnvelope \
  --no-type-check \
  --out "$tmp/response-envelope.raw.json"

"$python" "$here/postprocess.py" response-envelope "$nm" \
  "$tmp/response-envelope.raw.json" "$out/alexa-response-envelope.schema.json"
"$python" "$here/postprocess.py" interaction-model "$nm" "$out/interaction-model.schema.json"
"$python" "$here/postprocess.py" skill-manifest "$nm" "$out/skill-manifest.schema.json"

echo "generate.sh: wrote alexa-response-envelope, interaction-model and skill-manifest .schema.json in $out"
