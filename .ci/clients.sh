#!/usr/bin/env bash
# Independently written IMDS clients against the standalone simulator, on loopback only:
#   - botocore (Python, the AWS CLI's and boto3's core): InstanceMetadataFetcher (role credentials),
#     InstanceMetadataRegionFetcher (asks for placement/availability-zone/ with a trailing slash),
#     the default credential chain (resolves "iam-role"), and the instance id;
#   - the AWS CLI: "aws configure list" through the default chain;
#   - the AWS SDK for JavaScript v3: @aws-sdk/credential-provider-imds (fromInstanceMetadata) and
#     @aws-sdk/ec2-metadata-service (MetadataService.request).
# Each client is pointed at the simulator with AWS_EC2_METADATA_SERVICE_ENDPOINT in an emptied environment
# (env -i, empty AWS config files). The simulator and the clients run in a new network namespace
# ("unshare -rn") that has nothing but loopback, so a client that ignored the endpoint could not send a
# packet to 169.254.169.254 or anywhere else: it would fail with "network unreachable". The script refuses
# to run the clients without that isolation.
#
# Usage:
#   .ci/clients.sh                   install what is missing, then run (needs the simulator jar, built if absent)
#   .ci/clients.sh install DIR       only install: Debian python3-botocore and awscli (as root), npm packages into DIR
#   .ci/clients.sh run DIR [--ci]    only run, with the npm packages of DIR. With --ci, a machine that cannot
#                                    isolate the clients or install two of them prints SKIPPED and succeeds;
#                                    a client that runs and fails always fails the script.
# .ci/run starts "install" in the background before the Maven build and "run --ci" after it.
set -euo pipefail
cd "$(dirname "$0")/.."

install_clients() {
	local dir=$1
	mkdir -p "$dir"
	if ! find_python >/dev/null || ! command -v aws >/dev/null; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-botocore awscli >/dev/null \
				|| echo "clients: apt-get could not install python3-botocore awscli" >&2
		fi
	fi
	if command -v npm >/dev/null && [ ! -d "$dir/node_modules/@aws-sdk/credential-provider-imds" ]; then
		(cd "$dir" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
			@aws-sdk/credential-provider-imds @aws-sdk/ec2-metadata-service >/dev/null) \
			|| echo "clients: npm could not install the AWS SDK for JavaScript packages" >&2
	fi
	return 0
}

# Debian's packages install botocore for /usr/bin/python3; a pyenv python3 first on the PATH would not see it
find_python() {
	local candidate
	for candidate in python3 /usr/bin/python3; do
		if command -v "$candidate" >/dev/null && "$candidate" -c 'import botocore' 2>/dev/null; then
			command -v "$candidate"
			return 0
		fi
	done
	return 1
}

simulator_jar() {
	local jar
	jar=$(ls imds-spring-boot-test/target/imds-spring-boot-test-*-simulator.jar 2>/dev/null | head -1 || true)
	if [ -z "$jar" ]; then
		./mvnw -B -q -pl imds-spring-boot-test -am package -DskipTests >&2
		jar=$(ls imds-spring-boot-test/target/imds-spring-boot-test-*-simulator.jar | head -1)
	fi
	echo "$(pwd)/$jar"
}

skip_or_fail() {
	if [ "$ci" = 1 ]; then
		echo "clients: SKIPPED: $1" >&2
		exit 0
	fi
	echo "clients: $1" >&2
	exit 1
}

run_isolated() {
	local dir=$1 jar
	jar=$(simulator_jar)
	if ! unshare -rn true 2>/dev/null; then
		skip_or_fail "cannot create an isolated network namespace (unshare -rn); the clients are not run without one, because a client that ignored the endpoint would reach the network. Enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run as root."
	fi
	local available=0
	find_python >/dev/null && available=$((available + 1))
	command -v aws >/dev/null && available=$((available + 1))
	[ -d "$dir/node_modules/@aws-sdk/credential-provider-imds" ] && available=$((available + 1))
	if [ "$available" -lt 2 ]; then
		skip_or_fail "only $available of the three clients is installed (botocore, aws-cli, aws-sdk-js); two are needed. Run .ci/clients.sh install DIR as root with the Debian and npm registries reachable."
	fi
	unshare -rn "$(pwd)/.ci/clients.sh" --isolated "$dir" "$jar"
}

ci=0
case "${1:-}" in
	install)
		install_clients "${2:?usage: .ci/clients.sh install DIR}"
		exit 0
		;;
	run)
		[ "${3:-}" = "--ci" ] && ci=1
		run_isolated "${2:?usage: .ci/clients.sh run DIR [--ci]}"
		exit $?
		;;
	--isolated)
		work=$2
		jar=$3
		ip link set lo up 2>/dev/null || true
		;;
	"")
		work=$(mktemp -d)
		trap 'rm -rf "$work"' EXIT
		install_clients "$work"
		run_isolated "$work"
		exit $?
		;;
	*)
		echo "usage: .ci/clients.sh [install DIR | run DIR [--ci]]" >&2
		exit 2
		;;
esac

sim_pid=
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true' EXIT
if ip route get 169.254.169.254 >/dev/null 2>&1; then
	echo "Not isolated: 169.254.169.254 is routable here" >&2
	exit 1
fi

java -jar "$jar" --port 0 --tags > "$work/simulator.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do
	endpoint=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/simulator.log" | sed 's/listening on //' || true)
	[ -n "$endpoint" ] && break
	sleep 0.2
done
[ -n "$endpoint" ] || { cat "$work/simulator.log"; echo "The simulator did not start" >&2; exit 1; }
echo "Simulator at $endpoint"
# warm the simulator's JVM up, so that the clients' short timeouts (1-2 s) measure the protocol, not JIT
for _ in 1 2 3; do
	curl -s -o /dev/null -X PUT "$endpoint/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' || true
done

isolated() {
	env -i PATH="$PATH" HOME="$work" NODE_PATH="$work/node_modules" AWS_CONFIG_FILE=/dev/null \
		AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_SERVICE_ENDPOINT="$endpoint" \
		AWS_METADATA_SERVICE_TIMEOUT=5 AWS_METADATA_SERVICE_NUM_ATTEMPTS=2 "$@"
}
failed=0
ran=0

if python=$(find_python); then
	ran=$((ran + 1))
	isolated "$python" - <<'PY' || failed=1
import botocore, botocore.session
from botocore.utils import InstanceMetadataFetcher, InstanceMetadataRegionFetcher
import os
endpoint = os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
# botocore reads the endpoint variable through a session's config, not in the fetcher: pass it
fetcher = InstanceMetadataFetcher(timeout=5, num_attempts=2, config={"ec2_metadata_service_endpoint": endpoint})
assert fetcher.get_base_url().startswith("http://127.0.0.1:"), fetcher.get_base_url()
credentials = fetcher.retrieve_iam_role_credentials()
assert credentials["role_name"] == "sample-role", credentials.get("role_name")
assert credentials["access_key"].startswith("ASIA") and credentials["token"], "no role credentials"
region_fetcher = InstanceMetadataRegionFetcher(timeout=5, num_attempts=2,
                                               config={"ec2_metadata_service_endpoint": endpoint})
assert region_fetcher.get_base_url().startswith("http://127.0.0.1:"), region_fetcher.get_base_url()
region = region_fetcher.retrieve_region()
assert region == "us-east-1", region
token = fetcher._fetch_metadata_token()
instance_id = fetcher._get_request("/latest/meta-data/instance-id", None, token).text
assert instance_id == "i-0123456789abcdef0", instance_id
session = botocore.session.get_session()
assert session.get_config_variable("ec2_metadata_service_endpoint") == endpoint
chain = session.get_credentials()
assert chain.method == "iam-role", chain.method
print("botocore %s: instance %s, region %s, role %s, access key %s..., chain method %s"
      % (botocore.__version__, instance_id, region, credentials["role_name"], credentials["access_key"][:8], chain.method))
PY
fi

if command -v aws >/dev/null; then
	ran=$((ran + 1))
	# "configure list" resolves the credentials through the default chain and names their source
	if out=$(isolated aws configure list 2>&1) && echo "$out" | grep -Eq 'access_key +\*+0001 +iam-role'; then
		echo "$(aws --version 2>&1 | cut -d' ' -f1): configure list resolved the access key from $(echo "$out" | grep access_key | awk '{print $3}')"
	else
		echo "aws-cli: $out" >&2; failed=1
	fi
fi

if [ -d "$work/node_modules/@aws-sdk/credential-provider-imds" ]; then
	ran=$((ran + 1))
	isolated node - <<'JS' || failed=1
const { fromInstanceMetadata } = require("@aws-sdk/credential-provider-imds");
const { MetadataService } = require("@aws-sdk/ec2-metadata-service");
(async () => {
	const credentials = await fromInstanceMetadata({ timeout: 5000, maxRetries: 1 })();
	if (!credentials.accessKeyId.startsWith("ASIA") || !credentials.sessionToken) throw new Error("no role credentials");
	const metadata = new MetadataService({ endpoint: process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT });
	const instanceId = await metadata.request("/latest/meta-data/instance-id", {});
	const zone = await metadata.request("/latest/meta-data/placement/availability-zone", {});
	const tag = await metadata.request("/latest/meta-data/tags/instance/Name", {});
	if (instanceId !== "i-0123456789abcdef0" || zone !== "us-east-1a" || tag !== "sample-instance") {
		throw new Error(`unexpected metadata ${instanceId} ${zone} ${tag}`);
	}
	const version = require("@aws-sdk/ec2-metadata-service/package.json").version;
	console.log(`aws-sdk-js v3 ${version}: instance ${instanceId}, zone ${zone}, tag Name=${tag}, access key ${credentials.accessKeyId.slice(0, 8)}..., expiring ${credentials.expiration.toISOString()}`);
})().catch((error) => { console.error(`aws-sdk-js: ${error.message}`); process.exit(1); });
JS
fi

echo "Requests served: $(grep -c ' /latest/' "$work/simulator.log" || true)"
if [ "$ran" -lt 2 ]; then
	echo "Only $ran client(s) could be installed; at least two are needed" >&2
	exit 1
fi
exit "$failed"
