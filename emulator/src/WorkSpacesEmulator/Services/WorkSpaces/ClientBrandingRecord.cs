using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>The imported branding of one device platform of one registered directory
/// (Id = <c>{directoryId}/{platform}</c>, one record per platform so no document grows past the store's limits).
/// The logos are kept as imported so they can be served later.</summary>
public sealed record ClientBrandingRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string Platform,                             // DeviceTypeWindows | DeviceTypeOsx | DeviceTypeAndroid | DeviceTypeIos | DeviceTypeLinux | DeviceTypeWeb
    byte[]? Logo,
    byte[]? Logo2x,
    byte[]? Logo3x,
    string? SupportEmail,
    string? SupportLink,
    string? ForgotPasswordLink,
    IReadOnlyDictionary<string, string>? LoginMessage,
    DateTimeOffset ImportedAt) : IResource
{
    public static string KeyFor(string directoryId, string platform) => directoryId + "/" + platform;
}
