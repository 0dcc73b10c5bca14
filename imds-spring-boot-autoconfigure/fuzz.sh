#!/usr/bin/env bash
# Fuzzes every @FuzzTest of this module for a set time each (docs/reliability.md, "Fuzzing").
#   ./imds-spring-boot-autoconfigure/fuzz.sh [duration] [Class#method ...]    (from the repository root)
# duration: Jazzer's syntax (30s, 5m; default 60s). Without targets, every fuzz test is fuzzed, one Maven run
# each (Jazzer fuzzes one test per JVM). New corpus entries go to .cifuzz-corpus/ (not checked in); a finding
# is written to src/test/resources/<package>/<Class>Inputs/<method>/ and fails the run: fix it, keep the
# input there as a regression seed.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60s}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	while IFS= read -r file; do
		class="$(basename "$file" .java)"
		while IFS= read -r method; do
			targets+=("$class#$method")
		done < <(grep -A3 '@FuzzTest' "$file" | grep -oP 'void \K[a-zA-Z0-9]+(?=\()')
	done < <(find imds-spring-boot-autoconfigure/src/test/java -name '*FuzzTests.java' | sort)
fi
for target in "${targets[@]}"; do
	echo "== fuzzing $target for $duration"
	nice -n 19 ./mvnw -B -q -pl imds-spring-boot-autoconfigure -am test -Pfuzz -Dtest="$target" \
		-Djazzer.max_duration="$duration" -Dsurefire.failIfNoSpecifiedTests=false
done
