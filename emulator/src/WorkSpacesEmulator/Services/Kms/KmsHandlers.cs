using System.Text.RegularExpressions;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.KeyManagementService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Kms;

/// <summary>KMS (TrentService, awsJson1_1): keys, aliases, enable/disable, scheduled deletion, and the AWS managed
/// key <c>aws/workspaces</c> WorkSpaces encrypts volumes with. No cryptography: keys are metadata.</summary>
public sealed class KmsHandlers(Store store, TimeProvider time) : KeyManagementServiceOperationsBase
{
    public const string WorkSpacesAlias = "alias/aws/workspaces";
    private static readonly Regex AliasPattern = new("^alias/[a-zA-Z0-9/_-]{1,250}$", RegexOptions.CultureInvariant);
    // The AWS managed aliases the emulator knows; ListAliases shows them even before their key exists, as KMS does.
    private static readonly string[] AwsManagedAliases = [WorkSpacesAlias, "alias/aws/ebs"];
    private readonly object _gate = new();

    public ResourceTable<KmsKeyRecord> Keys => store.Table<KmsKeyRecord>(ResourceKinds.KmsKeys);
    public ResourceTable<KmsAliasRecord> Aliases => store.Table<KmsAliasRecord>(ResourceKinds.KmsAliases);

    public override Task<CreateKeyResponse> CreateKey(RequestContext context, CreateKeyRequest request, CancellationToken ct)
    {
        var spec = request.KeySpec ?? request.CustomerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        var usage = request.KeyUsage ?? "ENCRYPT_DECRYPT";
        if (spec == "SYMMETRIC_DEFAULT" && usage != "ENCRYPT_DECRYPT")
            throw new AwsException("ValidationException", $"KeyUsage {usage} is not compatible with KeySpec {spec}");
        if (request.Origin is { } origin && origin != "AWS_KMS")
            throw new AwsException(KeyManagementServiceErrors.UnsupportedOperationException, $"Origin {origin} is not supported by the emulator.");
        var key = new KmsKeyRecord(Guid.NewGuid().ToString(), context.Scope, request.Description ?? "", usage, spec, "Enabled", "CUSTOMER",
            "AWS_KMS", request.MultiRegion ?? false, time.GetUtcNow(), null, null,
            (request.Tags ?? []).Select(t => new TagPair(t.TagKey!, t.TagValue!)).ToList());
        Keys.Put(key);
        return Task.FromResult(new CreateKeyResponse { KeyMetadata = Metadata(context, key) });
    }

    public override Task<DescribeKeyResponse> DescribeKey(RequestContext context, DescribeKeyRequest request, CancellationToken ct) =>
        Task.FromResult(new DescribeKeyResponse { KeyMetadata = Metadata(context, Resolve(context, request.KeyId!, createManaged: true)) });

    public override Task<ListKeysResponse> ListKeys(RequestContext context, ListKeysRequest request, CancellationToken ct)
    {
        var page = Page(Keys.List(context.Scope), request.Limit, request.Marker, "keys|" + context.Scope);
        return Task.FromResult(new ListKeysResponse
        {
            Keys = page.Items.Select(k => new KeyListEntry { KeyId = k.Id, KeyArn = KeyArn(context, k.Id) }).ToList(),
            NextMarker = page.NextToken,
            Truncated = page.NextToken is not null,
        });
    }

    public override Task<CreateAliasResponse> CreateAlias(RequestContext context, CreateAliasRequest request, CancellationToken ct)
    {
        var name = ValidAliasName(request.AliasName!);
        lock (_gate)
        {
            var key = Resolve(context, request.TargetKeyId!, createManaged: false);
            if (key.KeyManager == "AWS")
                throw new AwsException(KeyManagementServiceErrors.KMSInvalidStateException, $"{KeyArn(context, key.Id)} is an AWS managed key: an alias cannot point at it.");
            if (key.KeyState == "PendingDeletion") throw PendingDeletion(context, key);
            if (Aliases.Get(context.Scope, name) is not null)
                throw new AwsException(KeyManagementServiceErrors.AlreadyExistsException, $"An alias with the name {AliasArn(context, name)} already exists");
            var now = time.GetUtcNow();
            Aliases.Put(new KmsAliasRecord(name, context.Scope, key.Id, now, now));
        }
        return Task.FromResult(new CreateAliasResponse());
    }

    public override Task<UpdateAliasResponse> UpdateAlias(RequestContext context, UpdateAliasRequest request, CancellationToken ct)
    {
        var name = ValidAliasName(request.AliasName!);
        lock (_gate)
        {
            var alias = Aliases.Get(context.Scope, name) ?? throw AliasNotFound(context, name);
            var key = Resolve(context, request.TargetKeyId!, createManaged: false);
            if (key.KeyManager == "AWS")
                throw new AwsException(KeyManagementServiceErrors.KMSInvalidStateException, $"{KeyArn(context, key.Id)} is an AWS managed key: an alias cannot point at it.");
            Aliases.Put(alias with { TargetKeyId = key.Id, LastUpdatedDate = time.GetUtcNow() });
        }
        return Task.FromResult(new UpdateAliasResponse());
    }

    public override Task<DeleteAliasResponse> DeleteAlias(RequestContext context, DeleteAliasRequest request, CancellationToken ct)
    {
        var name = ValidAliasName(request.AliasName!);
        if (!Aliases.Delete(context.Scope, name)) throw AliasNotFound(context, name);
        return Task.FromResult(new DeleteAliasResponse());
    }

    public override Task<ListAliasesResponse> ListAliases(RequestContext context, ListAliasesRequest request, CancellationToken ct)
    {
        string? keyId = request.KeyId is { } given ? Resolve(context, given, createManaged: false).Id : null;
        var stored = Aliases.List(context.Scope);
        var entries = stored
            .Concat(AwsManagedAliases.Where(a => stored.All(s => s.Id != a)).Select(a => new KmsAliasRecord(a, context.Scope, "", default, default)))
            .Where(a => keyId is null || a.TargetKeyId == keyId)
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        var page = Page(entries, request.Limit, request.Marker, "aliases|" + keyId + "|" + context.Scope);
        return Task.FromResult(new ListAliasesResponse
        {
            Aliases = page.Items.Select(a => new AliasListEntry
            {
                AliasName = a.Id,
                AliasArn = AliasArn(context, a.Id),
                TargetKeyId = a.TargetKeyId.Length > 0 ? a.TargetKeyId : null,
                CreationDate = a.TargetKeyId.Length > 0 ? a.CreationDate : null,
                LastUpdatedDate = a.TargetKeyId.Length > 0 ? a.LastUpdatedDate : null,
            }).ToList(),
            NextMarker = page.NextToken,
            Truncated = page.NextToken is not null,
        });
    }

    public override Task<EnableKeyResponse> EnableKey(RequestContext context, EnableKeyRequest request, CancellationToken ct)
    {
        ChangeState(context, request.KeyId!, "Enabled");
        return Task.FromResult(new EnableKeyResponse());
    }

    public override Task<DisableKeyResponse> DisableKey(RequestContext context, DisableKeyRequest request, CancellationToken ct)
    {
        ChangeState(context, request.KeyId!, "Disabled");
        return Task.FromResult(new DisableKeyResponse());
    }

    public override Task<ScheduleKeyDeletionResponse> ScheduleKeyDeletion(RequestContext context, ScheduleKeyDeletionRequest request, CancellationToken ct)
    {
        var days = request.PendingWindowInDays ?? 30;
        if (days is < 7 or > 30)
            throw new AwsException("ValidationException",
                $"1 validation error detected: Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30");
        KmsKeyRecord updated;
        lock (_gate)
        {
            var key = CustomerKey(context, request.KeyId!);
            if (key.KeyState == "PendingDeletion") throw PendingDeletion(context, key);
            updated = key with { KeyState = "PendingDeletion", DeletionDate = time.GetUtcNow().AddDays(days), PendingWindowInDays = days };
            Keys.Put(updated);
        }
        return Task.FromResult(new ScheduleKeyDeletionResponse
        {
            KeyId = KeyArn(context, updated.Id), DeletionDate = updated.DeletionDate, KeyState = updated.KeyState, PendingWindowInDays = days,
        });
    }

    public override Task<CancelKeyDeletionResponse> CancelKeyDeletion(RequestContext context, CancelKeyDeletionRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var key = CustomerKey(context, request.KeyId!);
            if (key.KeyState != "PendingDeletion")
                throw new AwsException(KeyManagementServiceErrors.KMSInvalidStateException, $"{KeyArn(context, key.Id)} is not pending deletion.");
            // KMS leaves a key whose deletion was cancelled disabled.
            Keys.Put(key with { KeyState = "Disabled", DeletionDate = null, PendingWindowInDays = null });
            return Task.FromResult(new CancelKeyDeletionResponse { KeyId = KeyArn(context, key.Id) });
        }
    }

    /// <summary>The key a WorkSpace's VolumeEncryptionKey names, or why it cannot encrypt (WorkSpaces' check).</summary>
    public (KmsKeyRecord? Key, string? ErrorCode, string? Message) ForEncryption(RequestContext context, string keyId)
    {
        KmsKeyRecord key;
        try { key = Resolve(context, keyId, createManaged: true); }
        catch (AwsException) { return (null, "ResourceNotFound.KmsKey", $"The KMS key {keyId} does not exist."); }
        if (!key.Enabled) return (null, "InvalidResourceState.KmsKey", $"The KMS key {keyId} is {key.KeyState} and cannot be used to encrypt volumes.");
        if (key.KeyUsage != "ENCRYPT_DECRYPT" || key.KeySpec != "SYMMETRIC_DEFAULT")
            return (null, "InvalidParameterValues.KmsKey", $"The KMS key {keyId} is not a symmetric encryption key.");
        return (key, null, null);
    }

    // ---- lookups ----

    /// <summary>Resolves a key id, key ARN, alias name or alias ARN of the caller's scope. The AWS managed key of
    /// <c>aws/workspaces</c> is created the first time it is referenced, as KMS does.</summary>
    private KmsKeyRecord Resolve(RequestContext context, string keyId, bool createManaged)
    {
        var id = keyId;
        var arnPrefix = $"arn:aws:kms:{context.Region}:{context.Account}:";
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            if (!id.StartsWith(arnPrefix, StringComparison.Ordinal)) throw KeyNotFound(keyId);
            id = id[arnPrefix.Length..];
            if (id.StartsWith("key/", StringComparison.Ordinal)) id = id[4..];
        }
        if (id.StartsWith("alias/", StringComparison.Ordinal))
        {
            if (Aliases.Get(context.Scope, id) is { } alias) return Keys.Get(context.Scope, alias.TargetKeyId) ?? throw KeyNotFound(keyId);
            if (createManaged && AwsManagedAliases.Contains(id)) return CreateManagedKey(context, id);
            throw AliasNotFound(context, id);
        }
        return Keys.Get(context.Scope, id) ?? throw KeyNotFound(keyId);
    }

    private KmsKeyRecord CreateManagedKey(RequestContext context, string alias)
    {
        lock (_gate)
        {
            if (Aliases.Get(context.Scope, alias) is { } existing) return Keys.Get(context.Scope, existing.TargetKeyId)!;
            var now = time.GetUtcNow();
            var service = alias["alias/aws/".Length..];
            var key = new KmsKeyRecord(Guid.NewGuid().ToString(), context.Scope, $"Default key that protects my {service} data when no other key is defined",
                "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", "Enabled", "AWS", "AWS_KMS", false, now, null, null, []);
            Keys.Put(key);
            Aliases.Put(new KmsAliasRecord(alias, context.Scope, key.Id, now, now));
            return key;
        }
    }

    private KmsKeyRecord CustomerKey(RequestContext context, string keyId)
    {
        var key = Resolve(context, keyId, createManaged: false);
        if (key.KeyManager == "AWS")
            throw new AwsException(KeyManagementServiceErrors.KMSInvalidStateException, $"{KeyArn(context, key.Id)} is an AWS managed key and cannot be modified.");
        return key;
    }

    private void ChangeState(RequestContext context, string keyId, string state)
    {
        lock (_gate)
        {
            var key = CustomerKey(context, keyId);
            if (key.KeyState == "PendingDeletion") throw PendingDeletion(context, key);
            Keys.Put(key with { KeyState = state });
        }
    }

    private static string ValidAliasName(string name)
    {
        if (!AliasPattern.IsMatch(name))
            throw new AwsException("ValidationException",
                $"1 validation error detected: Value '{name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$");
        if (name.StartsWith("alias/aws/", StringComparison.Ordinal))
            throw new AwsException(KeyManagementServiceErrors.InvalidAliasNameException, $"Alias names that begin with 'alias/aws/' are reserved for AWS managed keys: {name}");
        return name;
    }

    private static Paging.Page<T> Page<T>(IReadOnlyList<T> items, int? limit, string? marker, string listing) =>
        Paging.Take(items, limit ?? 100, marker, listing,
            () => new AwsException(KeyManagementServiceErrors.InvalidMarkerException, "Invalid marker"));

    private static KeyMetadata Metadata(RequestContext context, KmsKeyRecord k) => new()
    {
        AWSAccountId = context.Account,
        KeyId = k.Id,
        Arn = KeyArn(context, k.Id),
        CreationDate = k.CreationDate,
        Enabled = k.Enabled,
        Description = k.Description,
        KeyUsage = k.KeyUsage,
        KeyState = k.KeyState,
        DeletionDate = k.DeletionDate,
        PendingDeletionWindowInDays = k.PendingWindowInDays,
        Origin = k.Origin,
        KeyManager = k.KeyManager,
        CustomerMasterKeySpec = k.KeySpec,
        KeySpec = k.KeySpec,
        EncryptionAlgorithms = k.KeyUsage == "ENCRYPT_DECRYPT" ? ["SYMMETRIC_DEFAULT"] : null,
        MultiRegion = k.MultiRegion,
    };

    private static string KeyArn(RequestContext context, string id) => $"arn:aws:kms:{context.Region}:{context.Account}:key/{id}";
    private static string AliasArn(RequestContext context, string name) => $"arn:aws:kms:{context.Region}:{context.Account}:{name}";

    private static AwsException KeyNotFound(string keyId) =>
        new(KeyManagementServiceErrors.NotFoundException, $"Key '{keyId}' does not exist");

    private static AwsException AliasNotFound(RequestContext context, string name) =>
        new(KeyManagementServiceErrors.NotFoundException, $"Alias {AliasArn(context, name)} is not found.");

    private static AwsException PendingDeletion(RequestContext context, KmsKeyRecord key) =>
        new(KeyManagementServiceErrors.KMSInvalidStateException, $"{KeyArn(context, key.Id)} is pending deletion.");
}
