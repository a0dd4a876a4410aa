#!/usr/bin/env bash
# Regenerates the README's configuration table from the keys declared in Keys.java
# (ReadmeConfigTableTest fails until the README matches). Run after mvn -B -DskipTests package.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(java -cp agent/target/classes dev.weft.agent.config.Keys)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1]
s = open('README.md').read()
s = re.sub(r'<!-- config-table:start -->\n.*?\n<!-- config-table:end -->',
           lambda m: '<!-- config-table:start -->\n' + table + '\n<!-- config-table:end -->', s, flags=re.S)
open('README.md', 'w').write(s)
PY
