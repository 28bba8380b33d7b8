#!/usr/bin/env bash
# "Create a trust relationship between AWS Managed Microsoft AD and a self-managed domain"
# (https://docs.aws.amazon.com/directoryservice/latest/admin-guide/ms_ad_setup_trust.html), then WorkSpaces in the
# trusting directory. The other domain is played by a second Managed Microsoft AD ("partner.example.com").
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
DOMAIN=${DOMAIN:-aws.example.com} REMOTE=${REMOTE:-partner.example.com}
USER_NAME=${USER_NAME:-kchen} USER_PASSWORD=${USER_PASSWORD:-Welcome-2-WorkSpaces}

say "Default VPC and two default subnets"
default_network

say "AWS Managed Microsoft AD $DOMAIN and the other domain $REMOTE"
DIRECTORY=$(aws ds create-microsoft-ad --name "$DOMAIN" --short-name AWSCORP --password 'Sup3rSecret!' --edition Standard \
  --vpc-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B" --query DirectoryId --output text)
REMOTE_DIRECTORY=$(aws ds create-microsoft-ad --name "$REMOTE" --short-name PARTNER --password 'Sup3rSecret!' --edition Standard \
  --vpc-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B" --query DirectoryId --output text)
wait_for "directory $DIRECTORY" Active directory_stage "$DIRECTORY"
wait_for "directory $REMOTE_DIRECTORY" Active directory_stage "$REMOTE_DIRECTORY"
REMOTE_DNS=$(aws ds describe-directories --directory-ids "$REMOTE_DIRECTORY" --query 'DirectoryDescriptions[0].DnsIpAddrs' --output text)
echo "    $REMOTE answers DNS at $REMOTE_DNS"

REMOTE_USER=${REMOTE_USER:-pnguyen} REMOTE_PASSWORD=${REMOTE_PASSWORD:-Partner-2-WorkSpaces}
TRUST_PASSWORD=${TRUST_PASSWORD:-Trust-Passw0rd!}

# With the Docker runtime each Microsoft AD is a Samba DC and trusts are real: the remote domain's administrator makes
# their side first ("this domain only", same trust password), as the AWS guide says; here that is samba-tool in
# $REMOTE's DC. With simulated directories the trust is a record that always verifies.
REMOTE_DC=wse-$REMOTE_DIRECTORY-dc
if command -v docker >/dev/null 2>&1 && docker inspect "$REMOTE_DC" >/dev/null 2>&1; then
  say "$REMOTE's side of the trust (its administrator, in its DC)"
  AWS_DNS=$(aws ds describe-directories --directory-ids "$DIRECTORY" --query 'DirectoryDescriptions[0].DnsIpAddrs[0]' --output text)
  # shellcheck disable=SC2016  # expanded inside the DC
  docker exec -e TP="$TRUST_PASSWORD" "$REMOTE_DC" sh -c 'printf "%s\n%s\n%s\n%s\n" "$TP" "$TP" "$TP" "$TP" |
    samba-tool domain trust create "$1" --type=forest --direction=both --create-location=local --skip-validation \
      --ipaddress="$2" -U% --use-kerberos=off --option="client ipc signing=off" --option="client signing=off"' sh "$DOMAIN" "$AWS_DNS" |
    grep -E 'TDO created|^ERROR:' || true
else
  note "no domain controllers (simulated directories): the trust below is a record that always verifies"
fi

say "A two-way forest trust with $REMOTE (its DNS servers become a conditional forwarder)"
# shellcheck disable=SC2086  # the addresses are a word list on purpose
TRUST=$(aws ds create-trust --directory-id "$DIRECTORY" --remote-domain-name "$REMOTE" --trust-password "$TRUST_PASSWORD" \
  --trust-direction Two-Way --trust-type Forest --conditional-forwarder-ip-addrs $REMOTE_DNS --query TrustId --output text)
aws ds describe-conditional-forwarders --directory-id "$DIRECTORY" \
  --query 'ConditionalForwarders[].{RemoteDomainName:RemoteDomainName,DnsIpAddrs:join(`, `,DnsIpAddrs)}' --output table
trust_state() { aws ds describe-trusts --directory-id "$DIRECTORY" --trust-ids "$TRUST" --query 'Trusts[0].TrustState' --output text; }
wait_for "trust $TRUST" Verified trust_state
aws ds describe-trusts --directory-id "$DIRECTORY" --trust-ids "$TRUST" \
  --query 'Trusts[0].{RemoteDomainName:RemoteDomainName,TrustDirection:TrustDirection,TrustType:TrustType,TrustState:TrustState}' --output table

say "Register $DOMAIN with WorkSpaces, a user of each domain and their WorkSpaces"
register_directory "$DIRECTORY"
aws ds-data create-user --directory-id "$DIRECTORY" --sam-account-name "$USER_NAME" --given-name Kim --surname Chen >/dev/null
aws ds reset-user-password --directory-id "$DIRECTORY" --user-name "$USER_NAME" --new-password "$USER_PASSWORD"
aws ds-data create-user --directory-id "$REMOTE_DIRECTORY" --sam-account-name "$REMOTE_USER" --given-name Pat --surname Nguyen >/dev/null
aws ds reset-user-password --directory-id "$REMOTE_DIRECTORY" --user-name "$REMOTE_USER" --new-password "$REMOTE_PASSWORD"
echo "    $REMOTE's user, read through the trust:"
# Without domain controllers (simulated directories) the next two steps are refused; the refusal is shown in the note.
refusal=$(mktemp); trap 'rm -f "$refusal"' EXIT
aws ds-data describe-user --directory-id "$DIRECTORY" --realm "$REMOTE" --sam-account-name "$REMOTE_USER" \
  --query '{SAMAccountName:SAMAccountName,Realm:Realm,DistinguishedName:DistinguishedName}' --output table 2>"$refusal" ||
  note "ds-data reads a trusted realm only through a real trust (Docker runtime): $(tail -n 1 "$refusal")"
create_workspace "$DIRECTORY" "$USER_NAME" "$(public_bundle STANDARD)"
remote_workspace=yes
create_workspace "$DIRECTORY" "$REMOTE_USER@$REMOTE" "$(public_bundle STANDARD)" 2>"$refusal" || {
  remote_workspace=
  note "a trusted domain's users get WorkSpaces only through a real trust (Docker runtime): $(tail -n 1 "$refusal")"
}
sign_in_hint "$DIRECTORY" "$USER_NAME" "$USER_PASSWORD"
[ -z "$remote_workspace" ] || sign_in_hint "$DIRECTORY" "$REMOTE_USER@$REMOTE" "$REMOTE_PASSWORD"
