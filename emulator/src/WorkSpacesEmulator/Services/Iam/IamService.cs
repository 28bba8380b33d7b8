using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Iam;

/// <summary>The IAM slice the WorkSpaces tutorials need (awsQuery, version 2010-05-08): roles, their attached AWS
/// managed policies and inline policies, enough for <c>workspaces_DefaultRole</c>. IAM is global: records are
/// scoped to the account alone, whatever Region the caller signed for.</summary>
public sealed partial class IamService : AwsQueryService
{
    public const string DefaultRoleName = "workspaces_DefaultRole";
    private static readonly Regex RoleNamePattern = new(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
    private static readonly Regex PathPattern = new(@"^(\u002F)|(\u002F[\u0021-\u007E]+\u002F)$", RegexOptions.CultureInvariant);

    private readonly Store _store;
    private readonly IIdGenerator _ids;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    public IamService(Store store, IIdGenerator ids, TimeProvider time)
    {
        _store = store;
        _ids = ids;
        _time = time;
        Actions = new Dictionary<string, Handler>(StringComparer.Ordinal)
        {
            ["CreateRole"] = CreateRole,
            ["GetRole"] = GetRole,
            ["DeleteRole"] = DeleteRole,
            ["ListRoles"] = ListRoles,
            ["UpdateRole"] = UpdateRole,
            ["AttachRolePolicy"] = AttachRolePolicy,
            ["DetachRolePolicy"] = DetachRolePolicy,
            ["ListAttachedRolePolicies"] = ListAttachedRolePolicies,
            ["PutRolePolicy"] = PutRolePolicy,
            ["GetRolePolicy"] = GetRolePolicy,
            ["DeleteRolePolicy"] = DeleteRolePolicy,
            ["ListRolePolicies"] = ListRolePolicies,
            ["GetPolicy"] = GetPolicy,
        };
    }

    public override string SigningName => "iam";
    public override string ApiVersion => "2010-05-08";
    protected override string XmlNamespace => "https://iam.amazonaws.com/doc/2010-05-08/";
    protected override IReadOnlyDictionary<string, Handler> Actions { get; }
    public override IReadOnlyCollection<string> ModelledActions => ServiceActions.Iam;

    public ResourceTable<RoleRecord> Roles => _store.Table<RoleRecord>(ResourceKinds.IamRoles);

    /// <summary>IAM's scope: the account (global service).</summary>
    public static string ScopeOf(RequestContext context) => context.Account;

    /// <summary>Whether the account has the role (WorkSpaces' registration check in strict mode).</summary>
    public bool RoleExists(string account, string roleName) => Roles.Get(account, roleName.ToLowerInvariant()) is not null;

    private Action<XmlWriter>? CreateRole(RequestContext context, QueryRequest request)
    {
        var name = ValidRoleName(request);
        var document = ValidPolicyDocument(Required(request, "AssumeRolePolicyDocument"));
        var path = request.Get("Path") ?? "/";
        if (!PathPattern.IsMatch(path) || path.Length > 512)
            throw new AwsException("ValidationError", $"The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
        var maxSession = 3600;
        if (request.Get("MaxSessionDuration") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out maxSession) || maxSession < 3600 || maxSession > 43200))
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{text}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200");
        var tags = ReadTags(request);
        var record = new RoleRecord(name.ToLowerInvariant(), ScopeOf(context), name, _ids.Next("AROA", 17, Ids.UpperAlnum), path, document,
            request.Get("Description"), maxSession, [], new Dictionary<string, string>(), tags, _time.GetUtcNow());
        lock (_gate)
        {
            if (Roles.Get(record.Scope, record.Id) is not null)
                throw new AwsException("EntityAlreadyExists", $"Role with name {name} already exists.", 409);
            if (Roles.Count(record.Scope) >= 1000)
                throw new AwsException("LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1000", 409);
            Roles.Put(record);
        }
        return w => WriteRole(w, context, record);
    }

    private Action<XmlWriter>? GetRole(RequestContext context, QueryRequest request)
    {
        var role = FindRole(context, request);
        return w => WriteRole(w, context, role);
    }

    private Action<XmlWriter>? UpdateRole(RequestContext context, QueryRequest request)
    {
        var role = FindRole(context, request);
        Roles.Update(role.Scope, role.Id, r => r with
        {
            Description = request.Get("Description") ?? r.Description,
            MaxSessionDuration = request.Get("MaxSessionDuration") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : r.MaxSessionDuration,
        });
        return null;
    }

    private Action<XmlWriter>? DeleteRole(RequestContext context, QueryRequest request)
    {
        lock (_gate)
        {
            var role = FindRole(context, request);
            if (role.AttachedPolicyArns.Count > 0)
                throw new AwsException("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);
            if (role.InlinePolicies.Count > 0)
                throw new AwsException("DeleteConflict", "Cannot delete entity, must delete policies first.", 409);
            Roles.Delete(role.Scope, role.Id);
        }
        return null;
    }

    private Action<XmlWriter>? ListRoles(RequestContext context, QueryRequest request)
    {
        var prefix = request.Get("PathPrefix") ?? "/";
        var roles = Roles.List(ScopeOf(context)).Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = Page(roles, request, context);
        return w =>
        {
            w.Members("Roles", page.Items, (x, r) => WriteRoleMembers(x, context, r, inList: true));
            WriteTruncation(w, page);
        };
    }

    // ---- helpers shared by the partial files ----

    private RoleRecord FindRole(RequestContext context, QueryRequest request)
    {
        var name = ValidRoleName(request);
        return Roles.Get(ScopeOf(context), name.ToLowerInvariant())
            ?? throw new AwsException("NoSuchEntity", $"The role with name {name} cannot be found.", 404);
    }

    private static string ValidRoleName(QueryRequest request)
    {
        var name = Required(request, "RoleName");
        if (!RoleNamePattern.IsMatch(name))
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{Truncate(name)}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        return name;
    }

    private static string ValidPolicyDocument(string document)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException();
        }
        catch (JsonException)
        {
            throw new AwsException("MalformedPolicyDocument", "This policy contains invalid Json");
        }
        return document;
    }

    private static string Truncate(string s) => s.Length > 64 ? s[..64] + "…" : s;

    private static List<TagPair> ReadTags(QueryRequest request) =>
        request.GetStructList("Tags.member").Select(t => new TagPair(t.GetValueOrDefault("Key") ?? "", t.GetValueOrDefault("Value") ?? "")).ToList();

    private static Paging.Page<T> Page<T>(IReadOnlyList<T> items, QueryRequest request, RequestContext context)
    {
        var limit = 100;
        if (request.Get("MaxItems") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 1000))
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
        return Paging.Take(items, limit, request.Get("Marker"), request.Action + "|" + ScopeOf(context),
            () => new AwsException("ValidationError", "Invalid Marker."));
    }

    private static void WriteTruncation<T>(XmlWriter w, Paging.Page<T> page)
    {
        w.WriteElementString("IsTruncated", page.NextToken is null ? "false" : "true");
        if (page.NextToken is not null) w.WriteElementString("Marker", page.NextToken);
    }

    internal static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteRole(XmlWriter w, RequestContext context, RoleRecord role)
    {
        w.WriteStartElement("Role");
        WriteRoleMembers(w, context, role, inList: false);
        w.WriteEndElement();
    }

    private static void WriteRoleMembers(XmlWriter w, RequestContext context, RoleRecord role, bool inList)
    {
        w.WriteElementString("Path", role.Path);
        w.WriteElementString("RoleName", role.RoleName);
        w.WriteElementString("RoleId", role.RoleId);
        w.WriteElementString("Arn", role.Arn(context.Account));
        w.WriteElementString("CreateDate", Timestamp(role.CreateDate));
        // IAM returns policy documents URL-encoded (RFC 3986); the SDKs decode them.
        w.WriteElementString("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument));
        if (role.Description is not null) w.WriteElementString("Description", role.Description);
        w.WriteElementString("MaxSessionDuration", role.MaxSessionDuration.ToString(CultureInfo.InvariantCulture));
        if (!inList && role.Tags.Count > 0)
            w.Members("Tags", role.Tags, (x, t) =>
            {
                x.WriteElementString("Key", t.Key);
                x.WriteElementString("Value", t.Value);
            });
        if (!inList) w.WriteStartElement("RoleLastUsed");
        if (!inList) w.WriteEndElement();
    }
}
