# Shared by the sample scripts: the AWS CLI pointed at the emulator, a state poller, and the sign-in hint.
# Override any of these before running a sample (e.g. AWS_ENDPOINT_URL=http://127.0.0.1:14566).
export AWS_ENDPOINT_URL=${AWS_ENDPOINT_URL:-http://localhost:4566}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1} AWS_PAGER=
POLL_SECONDS=${POLL_SECONDS:-1}
WAIT_TIMEOUT_SECONDS=${WAIT_TIMEOUT_SECONDS:-300}

say()  { printf '==> %s\n' "$*"; }
note() { printf 'note: %s\n' "$*"; }   # a step the emulator cannot do yet: one line, then the sample goes on

# wait_for DESCRIPTION EXPECTED COMMAND...  — runs COMMAND (an `aws ... --output text` query) until it prints EXPECTED;
# prints each new value on the way (e.g. Requested → Creating → Active). Fails on a *Failed/ERROR state.
wait_for() {
  local what=$1 expected=$2; shift 2
  local deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS)) value last=
  while :; do
    value=$("$@")
    if [ "$value" != "$last" ]; then printf '    %s: %s\n' "$what" "$value"; last=$value; fi
    [ "$value" = "$expected" ] && return 0
    case "$value" in *Failed*|ERROR|Impaired) echo "$what reached $value" >&2; return 1 ;; esac
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $what to be $expected (last: $value)" >&2; return 1; }
    sleep "$POLL_SECONDS"
  done
}

directory_stage() { aws ds describe-directories --directory-ids "$1" --query 'DirectoryDescriptions[0].Stage' --output text; }
registration_state() { aws workspaces describe-workspace-directories --directory-ids "$1" --query 'Directories[0].State' --output text; }
workspace_state() { aws workspaces describe-workspaces --workspace-ids "$1" --query 'Workspaces[0].State' --output text; }

# The default VPC and two of its default subnets in different Availability Zones.
default_network() {
  VPC=$(aws ec2 describe-vpcs --filters Name=isDefault,Values=true --query 'Vpcs[0].VpcId' --output text)
  read -r SUBNET_A SUBNET_B <<<"$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true \
    --query 'Subnets[0:2].SubnetId' --output text)"
}

# The first public bundle of a compute type (STANDARD unless given).
public_bundle() {
  aws workspaces describe-workspace-bundles --owner AMAZON --no-paginate \
    --query "Bundles[?ComputeType.Name=='${1:-STANDARD}']|[0].BundleId" --output text
}

# register_directory DIRECTORY_ID — registers it with WorkSpaces and waits for REGISTERED.
register_directory() {
  aws workspaces register-workspace-directory --directory-id "$1" --enable-self-service >/dev/null
  wait_for "WorkSpaces registration of $1" REGISTERED registration_state "$1"
}

# create_workspace DIRECTORY_ID USER BUNDLE — creates one WorkSpace, waits for AVAILABLE, sets $WORKSPACE.
create_workspace() {
  local out failed
  out=$(aws workspaces create-workspaces --output json --workspaces \
    "DirectoryId=$1,UserName=$2,BundleId=$3,WorkspaceProperties={RunningMode=AUTO_STOP,RunningModeAutoStopTimeoutInMinutes=60}")
  failed=$(printf '%s' "$out" | python3 -c 'import json,sys; f=json.load(sys.stdin)["FailedRequests"]; print(f[0]["ErrorCode"]+": "+f[0]["ErrorMessage"] if f else "")')
  [ -z "$failed" ] || { echo "create-workspaces failed: $failed" >&2; return 1; }
  WORKSPACE=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["PendingRequests"][0]["WorkspaceId"])')
  wait_for "WorkSpace $WORKSPACE" AVAILABLE workspace_state "$WORKSPACE"
  aws workspaces describe-workspaces --workspace-ids "$WORKSPACE" \
    --query 'Workspaces[0].{WorkspaceId:WorkspaceId,State:State,UserName:UserName,IpAddress:IpAddress,ComputerName:ComputerName,RunningMode:WorkspaceProperties.RunningMode}' \
    --output table
}

# sign_in_hint DIRECTORY_ID USER [PASSWORD] — how the end user signs in (the registration code and the web client).
sign_in_hint() {
  local code status
  code=$(aws workspaces describe-workspace-directories --directory-ids "$1" --query 'Directories[0].RegistrationCode' --output text)
  say "The user signs in"
  echo "    registration code: $code"
  echo "    user name:         $2${3:+   password: $3}"
  status=$(curl -s -o /dev/null -w '%{http_code}' "$AWS_ENDPOINT_URL/client/" || true)
  if [ "$status" = 200 ]; then
    echo "    web client:        $AWS_ENDPOINT_URL/client/  (enter the registration code, then the user name and password)"
  else
    note "the end-user web client ($AWS_ENDPOINT_URL/client/) is not in this emulator yet (HTTP $status); the registration code above is what a WorkSpaces client asks for"
  fi
}
