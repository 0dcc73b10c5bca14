#!/usr/bin/env sh
# Builds what the benchmarks need and runs all five against the loopback IMDS simulator, then writes
# docs/benchmarks.md and the headline block of README.md. Needs only a JDK (17 or later).
#
#   benchmarks/run.sh
#
# Takes about five minutes on two cores. Nothing is installed into ~/.m2 and no packet leaves loopback.
set -eu
cd "$(dirname "$0")/.."
started=$(($(date +%s) * 1000))
./mvnw -B -q -pl sample-app,benchmarks -am package -DskipTests
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" -Dlogback.configurationFile=benchmarks-logback.xml \
	-Dbenchmarks.started="$started" -Dbenchmarks.command="benchmarks/run.sh" -Dbenchmarks.sampleJar=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar \
	-cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
	io.github.imds.benchmarks.RunAll docs/benchmarks.md README.md
