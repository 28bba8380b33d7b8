namespace WorkSpacesEmulator.Protocol;

/// <summary>Who is calling, where, and which request this is. Every resource is scoped to (Account, Region).</summary>
public sealed record RequestContext(string Account, string Region, string RequestId, string Service, string Operation)
{
    public string Scope => Account + "/" + Region;
}
