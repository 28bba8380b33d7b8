#!/usr/bin/env bash
# WorkSpaces "Quick Setup" (https://docs.aws.amazon.com/workspaces/latest/adminguide/getting-started.html):
# in the default VPC, a Simple AD directory, registered with WorkSpaces, one user, one WorkSpace for them.
# Usage: samples/quick-setup.sh        (emulator at $AWS_ENDPOINT_URL, default http://localhost:4566)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
DOMAIN=${DOMAIN:-quick.example.com} USER_NAME=${USER_NAME:-jdoe} USER_PASSWORD=${USER_PASSWORD:-Welcome-2-WorkSpaces}

say "Default VPC and two default subnets"
default_network
echo "    $VPC: $SUBNET_A, $SUBNET_B"

say "Simple AD $DOMAIN (Small)"
DIRECTORY=$(aws ds create-directory --name "$DOMAIN" --short-name QUICK --password 'Sup3rSecret!' --size Small \
  --description "WorkSpaces quick setup" --vpc-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B" --query DirectoryId --output text)
wait_for "directory $DIRECTORY" Active directory_stage "$DIRECTORY"
echo "    DNS addresses: $(aws ds describe-directories --directory-ids "$DIRECTORY" --query 'DirectoryDescriptions[0].DnsIpAddrs' --output text | tr '\t' ' ')"

say "Register $DIRECTORY with WorkSpaces"
register_directory "$DIRECTORY"

say "User $USER_NAME in the directory"
aws ds-data create-user --directory-id "$DIRECTORY" --sam-account-name "$USER_NAME" --given-name John --surname Doe \
  --email-address "$USER_NAME@$DOMAIN" >/dev/null
aws ds reset-user-password --directory-id "$DIRECTORY" --user-name "$USER_NAME" --new-password "$USER_PASSWORD"
echo "    created $USER_NAME and set the password"

say "A WorkSpace for $USER_NAME (Standard bundle, AutoStop)"
create_workspace "$DIRECTORY" "$USER_NAME" "$(public_bundle STANDARD)"
note "Quick Setup's invitation e-mail is not sent (the emulator has no mail); the sign-in details follow"

sign_in_hint "$DIRECTORY" "$USER_NAME" "$USER_PASSWORD"
