#!/usr/bin/env bash
# Which stacks a change touches, from plain `git diff --name-only <base>...<head>`.
# Prints one JSON object for a GitHub Actions matrix on stdout:
#   {"include":[{"project":"kafka-cluster","workDir":".","stack":"dev","env":"dev"}, ...]}
# (an empty "include" when nothing relevant changed). Usage:
#   scripts/changed-stacks.sh <base-ref> [<head-ref>]      (head defaults to HEAD)
#   scripts/changed-stacks.sh --all                         (every stack of both projects)
#
# Rules (paths relative to the repository root):
#   cluster project (.)   : index.ts, components/cluster/**, Pulumi.yaml    -> all its stacks
#                           Pulumi.<stack>.yaml                             -> that stack
#   topics project (topics): topics/** except stack files, components/topics/** -> all its stacks
#                           topics/Pulumi.<stack>.yaml                      -> that stack
#   both projects          : components/shared/**, policies/**, package.json, package-lock.json, tsconfig*.json,
#                            this script, .github/workflows/pull-request.yml
# A stack exists when its Pulumi.<stack>.yaml exists at <head>; its policy config is
# policies/config/<stack>.json (a stack without one is an error: add the file or rename the stack).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_ROOT"
die() { printf '[changed-stacks] ERROR: %s\n' "$*" >&2; exit 2; }

all=0
if [ "${1:-}" = "--all" ]; then
  all=1; head="HEAD"
else
  [ "$#" -ge 1 ] || die "usage: scripts/changed-stacks.sh <base-ref> [<head-ref>] | --all"
  base="$1"; head="${2:-HEAD}"
  git rev-parse --verify --quiet "$base^{commit}" >/dev/null || die "unknown base revision '$base' (fetch it: actions/checkout with fetch-depth: 0)"
  git rev-parse --verify --quiet "$head^{commit}" >/dev/null || die "unknown head revision '$head'"
fi

# stack names of a project directory at <head>: Pulumi.<stack>.yaml
stacks_of() {
  local dir="$1" prefix=""
  [ "$dir" = "." ] || prefix="$dir/"
  git ls-tree --name-only "$head" -- "${prefix:-.}" \
    | sed -n "s#^${prefix}Pulumi\.\([A-Za-z0-9_.-]*\)\.yaml\$#\1#p" | sort -u
}

declare -A want=()   # "<dir> <stack>" -> 1
select_all() { local s; for s in $(stacks_of "$1"); do want["$1 $s"]=1; done; }

if [ "$all" -eq 1 ]; then
  select_all .; select_all topics
else
  changed=$(git diff --name-only "$base...$head")
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    case "$f" in
      components/shared/*|policies/*|package.json|package-lock.json|tsconfig.json|tsconfig.pulumi.json|scripts/changed-stacks.sh|.github/workflows/pull-request.yml)
        select_all .; select_all topics ;;
      index.ts|components/cluster/*|Pulumi.yaml)
        select_all . ;;
      Pulumi.*.yaml)
        s="${f#Pulumi.}"; s="${s%.yaml}"
        # a deleted stack file selects nothing: there is no stack left to preview
        git cat-file -e "$head:$f" 2>/dev/null && want[". $s"]=1 ;;
      topics/Pulumi.yaml)
        select_all topics ;;
      topics/Pulumi.*.yaml)
        s="${f#topics/Pulumi.}"; s="${s%.yaml}"
        git cat-file -e "$head:$f" 2>/dev/null && want["topics $s"]=1 ;;
      topics/*|components/topics/*)
        select_all topics ;;
    esac
  done <<< "$changed"
fi

entries=()
for key in "${!want[@]}"; do entries+=("$key"); done
out=""
if [ "${#entries[@]}" -gt 0 ]; then
  while IFS=' ' read -r dir stack; do
    [ -n "$dir" ] || continue
    git cat-file -e "$head:policies/config/$stack.json" 2>/dev/null \
      || die "stack '$stack' of '$dir' has no policies/config/$stack.json: add one, or name the stack dev, staging or prod"
    if [ "$dir" = "." ]; then project=kafka-cluster; else project=kafka-topics; fi
    out+="${out:+,}{\"project\":\"$project\",\"workDir\":\"$dir\",\"stack\":\"$stack\",\"env\":\"$stack\"}"
  done < <(printf '%s\n' "${entries[@]}" | sort)
fi
printf '{"include":[%s]}\n' "$out"
