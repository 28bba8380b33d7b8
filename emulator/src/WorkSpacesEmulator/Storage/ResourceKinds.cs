namespace WorkSpacesEmulator.Storage;

/// <summary>The LiteDB collection (resource kind) names, in one place.</summary>
public static class ResourceKinds
{
    public const string Vpcs = "ec2-vpcs";
    public const string Subnets = "ec2-subnets";
    public const string SecurityGroups = "ec2-security-groups";
    public const string NetworkInterfaces = "ec2-network-interfaces";
    public const string Directories = "ds-directories";
    public const string DirectoryUsers = "ds-users";
    public const string DirectoryGroups = "ds-groups";
    public const string DirectorySnapshots = "ds-snapshots";
    public const string DirectoryTrusts = "ds-trusts";
    public const string SharedDirectories = "ds-shared-directories";
    public const string DirectoryEventTopics = "ds-event-topics";
    public const string DirectoryLogSubscriptions = "ds-log-subscriptions";
    public const string DirectoryCertificates = "ds-certificates";
    public const string DirectoryRegions = "ds-regions";
    public const string DirectorySchemaExtensions = "ds-schema-extensions";
    public const string DirectoryComputers = "ds-computers";
    public const string DirectoryUpdates = "ds-directory-updates";
    public const string DirectoryAssessments = "ds-assessments";
    public const string HybridUpdates = "ds-hybrid-updates";
    public const string WorkspaceDirectories = "workspaces-directories";
    public const string Bundles = "workspaces-bundles";
    public const string Workspaces = "workspaces-workspaces";
    public const string IamRoles = "iam-roles";
    public const string KmsKeys = "kms-keys";
    public const string KmsAliases = "kms-aliases";
    public const string IpGroups = "workspaces-ip-groups";
    public const string ConnectionAliases = "workspaces-connection-aliases";
    public const string Accounts = "workspaces-accounts";
    public const string ClientBranding = "workspaces-client-branding";
    public const string Images = "workspaces-images";
    public const string ConnectClientAddIns = "workspaces-connect-client-add-ins";
    public const string AccountLinks = "workspaces-account-links";
    public const string WorkspacesPools = "workspaces-pools";
    public const string ApplicationAssociations = "workspaces-application-associations";
    public const string StandbyLinks = "workspaces-standby-links";
    public const string CustomImageImports = "workspaces-custom-image-imports";
}
