#!/usr/bin/env bash
# "Launch a WorkSpace using AD Connector" (https://docs.aws.amazon.com/workspaces/latest/adminguide/launch-workspace-ad-connector.html).
# The tutorial connects to an existing (on-premises) Active Directory; like the AWS tutorial's test setup, this
# sample stands one up as a Managed Microsoft AD ("onprem.example.com") and connects an AD Connector to its DNS
# addresses with a service account, then launches a WorkSpace for a user of the on-premises directory.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ONPREM=${ONPREM:-onprem.example.com} USER_NAME=${USER_NAME:-rlee} USER_PASSWORD=${USER_PASSWORD:-Welcome-2-WorkSpaces}

say "Default VPC and two default subnets"
default_network

say "The 'on-premises' directory $ONPREM"
ONPREM_DIRECTORY=$(aws ds create-microsoft-ad --name "$ONPREM" --short-name ONPREM --password 'Sup3rSecret!' --edition Standard \
  --vpc-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B" --query DirectoryId --output text)
wait_for "directory $ONPREM_DIRECTORY" Active directory_stage "$ONPREM_DIRECTORY"
DNS=$(aws ds describe-directories --directory-ids "$ONPREM_DIRECTORY" --query 'DirectoryDescriptions[0].DnsIpAddrs' --output text | tr '\t' ',')
echo "    DNS addresses: $DNS"
aws ds-data create-user --directory-id "$ONPREM_DIRECTORY" --sam-account-name svc-adconnector >/dev/null
aws ds reset-user-password --directory-id "$ONPREM_DIRECTORY" --user-name svc-adconnector --new-password 'Svc-Passw0rd!'
aws ds-data create-user --directory-id "$ONPREM_DIRECTORY" --sam-account-name "$USER_NAME" --given-name Robin --surname Lee >/dev/null
aws ds reset-user-password --directory-id "$ONPREM_DIRECTORY" --user-name "$USER_NAME" --new-password "$USER_PASSWORD"
echo "    service account svc-adconnector and user $USER_NAME"

say "AD Connector to $ONPREM (Small)"
CONNECTOR=$(aws ds connect-directory --name "$ONPREM" --short-name ONPREM --password 'Svc-Passw0rd!' --size Small \
  --connect-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B,CustomerDnsIps=$DNS,CustomerUserName=svc-adconnector" \
  --query DirectoryId --output text)
wait_for "AD Connector $CONNECTOR" Active directory_stage "$CONNECTOR"
aws ds describe-directories --directory-ids "$CONNECTOR" \
  --query 'DirectoryDescriptions[0].{Type:Type,ConnectIps:join(`, `,ConnectSettings.ConnectIps),CustomerUserName:ConnectSettings.CustomerUserName}' --output table
note "the AD Connector does not contact $DNS yet (it always connects); the directory it fronts is checked once real directories land"

say "Register the AD Connector with WorkSpaces"
register_directory "$CONNECTOR"

say "A WorkSpace for $USER_NAME of $ONPREM"
create_workspace "$CONNECTOR" "$USER_NAME" "$(public_bundle STANDARD)"
sign_in_hint "$CONNECTOR" "$USER_NAME" "$USER_PASSWORD"
