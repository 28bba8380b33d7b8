#!/usr/bin/env bash
# The emulator image, run the way the README says, driven by the SDK-level suite (sdk-tests: the AWS CLI
# walk-through, boto3 scenarios, every sample) through EMULATOR_TEST_ENDPOINT — twice:
#   1. simulated desktops:  docker run -p 127.0.0.1:PORT:4566 workspaces-emulator           (bridge network)
#   2. Docker-backed:       docker run --network host -v /var/run/docker.sock:... workspaces-emulator
# Needs the Docker engine and the desktop image (.ci/install-docker.sh). Builds the image offline first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

image=${EMULATOR_IMAGE:-workspaces-emulator:latest}
bash docker/emulator/build-offline.sh "$image"
dotnet build sdk-tests/WorkSpacesEmulator.SdkTests --nologo -v quiet

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
filter=${CONTAINER_SUITE_FILTER:-FullyQualifiedName~CliWalkthroughTests|FullyQualifiedName~Boto3Tests|FullyQualifiedName~SampleTests}
name=
cleanup() {
  if [ -n "$name" ]; then
    curl -s -X POST "http://127.0.0.1:$port/_emulator/reset" >/dev/null 2>&1 || true   # removes its desktops
    docker rm -f "$name" >/dev/null 2>&1 || true
    docker volume rm "$name-data" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

run_suite() {  # $1 = label; the emulator is already started as $name on $port
  local label=$1 reachable=$2
  echo "ci: container suite ($label) against $name on 127.0.0.1:$port"
  for _ in $(seq 1 100); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ] && break
    sleep 0.2
  done
  if [ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" != healthy ]; then
    docker logs "$name" 2>&1 | tail -n 30; echo "ci: $name did not turn healthy" >&2; return 1
  fi
  EMULATOR_TEST_ENDPOINT="http://127.0.0.1:$port" EMULATOR_TEST_CONTAINER="$name" EMULATOR_TEST_DESKTOPS_REACHABLE="$reachable" \
    dotnet test sdk-tests/WorkSpacesEmulator.SdkTests --no-build --nologo --filter "$filter" -- xUnit.ParallelizeTestCollections=false
  cleanup; name=
}

# 1. Simulated desktops, the README's `docker run -p 4566:4566` (their streaming listeners stay inside the container).
port=$(free_port); name=wse-ci-sim-$$
docker run -d --name "$name" -p "127.0.0.1:$port:4566" -v "$name-data:/data" \
  -e EMULATOR_TRANSITION_SECONDS=0.3 -e EMULATOR_DESKTOP_INSTANCE="$name" "$image" >/dev/null
run_suite simulated false

# 2. Docker-backed desktops as siblings: host network, so the published desktop ports on 127.0.0.1 are the emulator's too.
#    Directories stay records here (this run is about desktops; real domain controllers take 15-30 s each and are
#    covered by the Docker DC tests of `dotnet test`).
port=$(free_port); name=wse-ci-docker-$$
docker run -d --name "$name" --network host -v /var/run/docker.sock:/var/run/docker.sock -v "$name-data:/data" \
  -e EMULATOR_PORT="$port" -e EMULATOR_BIND_ADDRESS=127.0.0.1 -e EMULATOR_DESKTOP_RUNTIME=docker \
  -e EMULATOR_DIRECTORY_RUNTIME=simulated \
  -e EMULATOR_TRANSITION_SECONDS=0.3 -e EMULATOR_DESKTOP_INSTANCE="$name" "$image" >/dev/null
run_suite docker true
