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

say "A two-way forest trust with $REMOTE (its DNS servers become a conditional forwarder)"
# shellcheck disable=SC2086  # the addresses are a word list on purpose
TRUST=$(aws ds create-trust --directory-id "$DIRECTORY" --remote-domain-name "$REMOTE" --trust-password 'Trust-Passw0rd!' \
  --trust-direction Two-Way --trust-type Forest --conditional-forwarder-ip-addrs $REMOTE_DNS --query TrustId --output text)
aws ds describe-conditional-forwarders --directory-id "$DIRECTORY" \
  --query 'ConditionalForwarders[].{RemoteDomainName:RemoteDomainName,DnsIpAddrs:join(`, `,DnsIpAddrs)}' --output table
trust_state() { aws ds describe-trusts --directory-id "$DIRECTORY" --trust-ids "$TRUST" --query 'Trusts[0].TrustState' --output text; }
wait_for "trust $TRUST" Verified trust_state
aws ds describe-trusts --directory-id "$DIRECTORY" --trust-ids "$TRUST" \
  --query 'Trusts[0].{RemoteDomainName:RemoteDomainName,TrustDirection:TrustDirection,TrustType:TrustType,TrustState:TrustState}' --output table
note "the trust is not checked against $REMOTE's domain controllers yet (it always verifies)"

say "Register $DOMAIN with WorkSpaces, a user and a WorkSpace"
register_directory "$DIRECTORY"
aws ds-data create-user --directory-id "$DIRECTORY" --sam-account-name "$USER_NAME" --given-name Kim --surname Chen >/dev/null
aws ds reset-user-password --directory-id "$DIRECTORY" --user-name "$USER_NAME" --new-password "$USER_PASSWORD"
create_workspace "$DIRECTORY" "$USER_NAME" "$(public_bundle STANDARD)"
note "WorkSpaces for users of the trusted domain ($REMOTE\\user) need the trusted domain's users, which the emulator does not look up yet"
sign_in_hint "$DIRECTORY" "$USER_NAME" "$USER_PASSWORD"
