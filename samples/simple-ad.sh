#!/usr/bin/env bash
# "Launch a WorkSpace using Simple AD" (https://docs.aws.amazon.com/workspaces/latest/adminguide/launch-workspace-simple-ad.html):
# a VPC with two private subnets in two Availability Zones, a Simple AD in them, registered, a user and a WorkSpace.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
DOMAIN=${DOMAIN:-simple.example.com} USER_NAME=${USER_NAME:-asmith} USER_PASSWORD=${USER_PASSWORD:-Welcome-2-WorkSpaces}

say "VPC 10.0.0.0/16 with two subnets"
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
read -r AZ1 AZ2 <<<"$(aws ec2 describe-availability-zones --query 'AvailabilityZones[0:2].ZoneName' --output text)"
SUBNET_A=$(aws ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.1.0/24 --availability-zone "$AZ1" --query Subnet.SubnetId --output text)
SUBNET_B=$(aws ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.2.0/24 --availability-zone "$AZ2" --query Subnet.SubnetId --output text)
echo "    $VPC: $SUBNET_A ($AZ1), $SUBNET_B ($AZ2)"

say "Simple AD $DOMAIN"
DIRECTORY=$(aws ds create-directory --name "$DOMAIN" --short-name SIMPLE --password 'Sup3rSecret!' --size Small \
  --vpc-settings "VpcId=$VPC,SubnetIds=$SUBNET_A,$SUBNET_B" --query DirectoryId --output text)
wait_for "directory $DIRECTORY" Active directory_stage "$DIRECTORY"
aws ds describe-directories --directory-ids "$DIRECTORY" \
  --query 'DirectoryDescriptions[0].{Type:Type,Size:Size,DnsIpAddrs:join(`, `,DnsIpAddrs),AccessUrl:AccessUrl}' --output table

say "Register with WorkSpaces (self-service on)"
register_directory "$DIRECTORY"

say "User $USER_NAME"
aws ds-data create-user --directory-id "$DIRECTORY" --sam-account-name "$USER_NAME" --given-name Alice --surname Smith >/dev/null
aws ds reset-user-password --directory-id "$DIRECTORY" --user-name "$USER_NAME" --new-password "$USER_PASSWORD"

say "A WorkSpace for $USER_NAME"
create_workspace "$DIRECTORY" "$USER_NAME" "$(public_bundle STANDARD)"
sign_in_hint "$DIRECTORY" "$USER_NAME" "$USER_PASSWORD"
