#!/usr/bin/env sh
# Builds what the benchmarks need and runs every section against loopback servers (the IMDS simulator, a
# black hole), then writes docs/benchmarks.md and the headline block of README.md. Needs only a JDK (17 or
# later, with jcmd).
#
#   benchmarks/run.sh          all sections; writes the files
#   benchmarks/run.sh 6 7      only sections 6 and 7; prints the report, writes nothing
#
# All sections take about ten minutes on two idle cores. Nothing is installed into ~/.m2 and no packet
# leaves loopback.
set -eu
cd "$(dirname "$0")/.."
started=$(($(date +%s) * 1000))
./mvnw -B -q -pl sample-app,benchmarks -am package -DskipTests
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
only=$(echo "$*" | tr -cd '0-9')
exec "$java" -Dbenchmarks.only="$only" -Dlogback.configurationFile=benchmarks-logback.xml \
	-Dbenchmarks.started="$started" -Dbenchmarks.command="benchmarks/run.sh" -Dbenchmarks.sampleJar=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar \
	-cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
	io.github.imds.benchmarks.RunAll docs/benchmarks.md README.md
