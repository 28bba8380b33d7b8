using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>The AWS side of a forest or external trust between a Managed AD directory and a remote domain.</summary>
public sealed record TrustRecord(
    string Id,
    string Scope,
    string DirectoryId,
    string RemoteDomainName,
    string TrustType,          // Forest | External
    string TrustDirection,     // One-Way: Outgoing | One-Way: Incoming | Two-Way
    string SelectiveAuth,      // Enabled | Disabled
    string TrustState,         // ds TrustState
    string? TrustStateReason,
    DateTimeOffset CreatedDateTime,
    DateTimeOffset LastUpdatedDateTime,
    DateTimeOffset StateLastUpdatedDateTime,
    DateTimeOffset? NextTransitionAt,
    // The request's TrustPassword, protected (SecretProtector): the DC-backed directory's side of the trust is created with it.
    string? TrustPasswordProtected = null,
    // The remote domain's NetBIOS name, as the remote DC reported it when the trust was created (REALM\user names it).
    string? RemoteNetBiosName = null) : IResource;

public static class TrustStates
{
    public const string Creating = "Creating";
    public const string Created = "Created";
    public const string Verifying = "Verifying";
    public const string VerifyFailed = "VerifyFailed";
    public const string Verified = "Verified";
    public const string Updating = "Updating";
    public const string UpdateFailed = "UpdateFailed";
    public const string Updated = "Updated";
    public const string Deleting = "Deleting";
    public const string Failed = "Failed";

    /// <summary>States in which no operation is in flight, so the trust can be verified, updated or deleted.</summary>
    public static bool IsSettled(string state) => state is Created or Verified or VerifyFailed or Updated or UpdateFailed or Failed;
}

/// <summary>The trust lifecycle as a pure function: Creating → Created → Verifying → Verified,
/// Updating → Updated → Verifying → Verified, Verifying → Verified, Deleting → removed (null), each step after
/// <c>transition</c>. Returns the record unchanged when nothing is due.</summary>
public static class TrustStateMachine
{
    public static TrustRecord? Next(TrustRecord trust, DateTimeOffset now, TimeSpan transition)
    {
        if (trust.NextTransitionAt is not { } due || due > now) return trust;
        return trust.TrustState switch
        {
            TrustStates.Creating => Enter(trust, TrustStates.Created, now, now + transition),
            TrustStates.Created or TrustStates.Updated => Enter(trust, TrustStates.Verifying, now, now + transition),
            TrustStates.Updating => Enter(trust, TrustStates.Updated, now, now + transition),
            // Difference from AWS: the remote domain is never contacted, so verification always succeeds (never VerifyFailed/Failed).
            TrustStates.Verifying => Enter(trust, TrustStates.Verified, now, null),
            TrustStates.Deleting => null,
            _ => trust with { NextTransitionAt = null },
        };
    }

    public static TrustRecord Enter(TrustRecord trust, string state, DateTimeOffset now, DateTimeOffset? next) =>
        trust with { TrustState = state, TrustStateReason = null, StateLastUpdatedDateTime = now, LastUpdatedDateTime = now, NextTransitionAt = next };
}
