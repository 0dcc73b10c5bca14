#!/bin/bash
# usage: sample-app/measure-aot-startup.sh [JAR] [RUNS]; alternates JVM and AOT mode ; prints mode and Boot's "Started ... in X seconds" per run
JAR=${1:-sample-app/target/sample-app-0.1.0-SNAPSHOT.jar}; RUNS=${2:-3}
for i in $(seq 1 $RUNS); do
  for mode in jvm aot; do
    flag=""; [ $mode = aot ] && flag="-Dspring.aot.enabled=true"
    log=$(mktemp)
    java $flag -jar $JAR --server.address=127.0.0.1 --server.port=0 > $log 2>&1 &
    pid=$!
    for t in $(seq 1 600); do grep -q "Started SampleApplication" $log && break; sleep 0.2; done
    kill $pid; wait $pid 2>/dev/null
    echo "$mode $(grep -o 'Started SampleApplication in [0-9.]* seconds (process running for [0-9.]*)' $log)"
    rm -f $log
  done
done
