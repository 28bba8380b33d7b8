#!/usr/bin/env bash
# "Launch a WorkSpace using AWS Managed Microsoft AD"
# (https://docs.aws.amazon.com/workspaces/latest/adminguide/launch-workspace-microsoft-ad.html):
# a Managed Microsoft AD (Standard edition) in the default VPC, registered, a user and a WorkSpace.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
DOMAIN=${DOMAIN:-corp.example.com} USER_NAME=${USER_NAME:-mjones} USER_PASSWORD=${USER_PASSWORD:-Welcome-2-WorkSpaces}

say "Default VPC and two default subnets"
default_network
echo "    $VPC: $SUBNET_A, $SUBNET_B"

say "AWS Managed Microsoft AD $DOMAIN (Standard)"
DIRECTORY=$(aws ds create-microsoft-ad --name "$DOMAIN" --short-name CORP --password 'Sup3rSecret!' --edition Standard \
  --vpc-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B" --query DirectoryId --output text)
wait_for "directory $DIRECTORY" Active directory_stage "$DIRECTORY"
aws ds describe-domain-controllers --directory-id "$DIRECTORY" \
  --query 'DomainControllers[].{Id:DomainControllerId,Ip:DnsIpAddr,Az:AvailabilityZone,Status:Status}' --output table

say "Register with WorkSpaces"
register_directory "$DIRECTORY"

say "User $USER_NAME (Directory Service Data)"
aws ds-data create-user --directory-id "$DIRECTORY" --sam-account-name "$USER_NAME" --given-name Mary --surname Jones \
  --email-address "$USER_NAME@$DOMAIN" >/dev/null
aws ds reset-user-password --directory-id "$DIRECTORY" --user-name "$USER_NAME" --new-password "$USER_PASSWORD"
aws ds-data describe-user --directory-id "$DIRECTORY" --sam-account-name "$USER_NAME" \
  --query '{SAMAccountName:SAMAccountName,UserPrincipalName:UserPrincipalName,Enabled:Enabled}' --output table

say "A WorkSpace for $USER_NAME (Performance bundle)"
create_workspace "$DIRECTORY" "$USER_NAME" "$(public_bundle PERFORMANCE)"
sign_in_hint "$DIRECTORY" "$USER_NAME" "$USER_PASSWORD"
