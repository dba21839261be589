#!/usr/bin/env bash
# Builds the manual (docs/, MkDocs with the Material theme) with `mkdocs build --strict`: a
# broken link, a page missing from the nav or a bad option fails it. MkDocs is installed with
# pip into target/docs-python on first use (the main test command does not need it).
set -euo pipefail
cd "$(dirname "$0")/.."

MKDOCS_REQUIREMENTS=("mkdocs==1.6.1" "mkdocs-material==9.6.23")
site_packages=target/docs-python
if ! PYTHONPATH="$site_packages" python3 -c 'import mkdocs, material' 2>/dev/null; then
  echo "scripts/docs.sh: installing ${MKDOCS_REQUIREMENTS[*]} into $site_packages" >&2
  python3 -m pip install --quiet --disable-pip-version-check --upgrade \
    --target "$site_packages" "${MKDOCS_REQUIREMENTS[@]}"
fi
PYTHONPATH="$site_packages" python3 -m mkdocs build --strict --site-dir target/site "$@"
