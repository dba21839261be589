#!/usr/bin/env bash
# Builds the manual (docs/, MkDocs with the Material theme) with `mkdocs build --strict`: a
# broken link, a page missing from the nav or a bad option fails it. MkDocs is installed with
# pip into target/docs-venv on first use (the main test command does not need it).
set -euo pipefail
cd "$(dirname "$0")/.."

MKDOCS_REQUIREMENTS=("mkdocs==1.6.1" "mkdocs-material==9.6.23")
venv=target/docs-venv
if [ ! -x "$venv/bin/mkdocs" ]; then
  echo "scripts/docs.sh: installing ${MKDOCS_REQUIREMENTS[*]} into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${MKDOCS_REQUIREMENTS[@]}"
fi
"$venv/bin/mkdocs" build --strict --site-dir target/site "$@"
