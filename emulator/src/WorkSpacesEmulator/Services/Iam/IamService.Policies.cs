using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Iam;

// AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies, Put/Get/Delete/ListRolePolicies, GetPolicy.
public sealed partial class IamService
{
    private Action<XmlWriter>? AttachRolePolicy(RequestContext context, QueryRequest request)
    {
        var arn = Required(request, "PolicyArn");
        var policy = ManagedPolicies.Find(arn) ?? throw PolicyNotFound(arn);
        lock (_gate)
        {
            var role = FindRole(context, request);
            if (role.AttachedPolicyArns.Contains(policy.Arn)) return null;
            if (role.AttachedPolicyArns.Count >= 20)
                throw new AwsException("LimitExceeded", $"Cannot exceed quota for PoliciesPerRole: 20", 409);
            Roles.Put(role with { AttachedPolicyArns = [.. role.AttachedPolicyArns, policy.Arn] });
        }
        return null;
    }

    private Action<XmlWriter>? DetachRolePolicy(RequestContext context, QueryRequest request)
    {
        var arn = Required(request, "PolicyArn");
        lock (_gate)
        {
            var role = FindRole(context, request);
            if (!role.AttachedPolicyArns.Contains(arn))
                throw new AwsException("NoSuchEntity", $"Policy {arn} was not found.", 404);
            Roles.Put(role with { AttachedPolicyArns = role.AttachedPolicyArns.Where(a => a != arn).ToList() });
        }
        return null;
    }

    private Action<XmlWriter>? ListAttachedRolePolicies(RequestContext context, QueryRequest request)
    {
        var role = FindRole(context, request);
        var prefix = request.Get("PathPrefix") ?? "/";
        var attached = role.AttachedPolicyArns.Select(a => ManagedPolicies.Find(a)!).Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var page = Page(attached, request, context);
        return w =>
        {
            w.Members("AttachedPolicies", page.Items, (x, p) =>
            {
                x.WriteElementString("PolicyName", p.PolicyName);
                x.WriteElementString("PolicyArn", p.Arn);
            });
            WriteTruncation(w, page);
        };
    }

    private Action<XmlWriter>? PutRolePolicy(RequestContext context, QueryRequest request)
    {
        var policyName = Required(request, "PolicyName");
        var document = ValidPolicyDocument(Required(request, "PolicyDocument"));
        lock (_gate)
        {
            var role = FindRole(context, request);
            Roles.Put(role with { InlinePolicies = new Dictionary<string, string>(role.InlinePolicies) { [policyName] = document } });
        }
        return null;
    }

    private Action<XmlWriter>? GetRolePolicy(RequestContext context, QueryRequest request)
    {
        var policyName = Required(request, "PolicyName");
        var role = FindRole(context, request);
        var document = role.InlinePolicies.GetValueOrDefault(policyName) ?? throw InlinePolicyNotFound(role, policyName);
        return w =>
        {
            w.WriteElementString("RoleName", role.RoleName);
            w.WriteElementString("PolicyName", policyName);
            w.WriteElementString("PolicyDocument", Uri.EscapeDataString(document));
        };
    }

    private Action<XmlWriter>? DeleteRolePolicy(RequestContext context, QueryRequest request)
    {
        var policyName = Required(request, "PolicyName");
        lock (_gate)
        {
            var role = FindRole(context, request);
            if (!role.InlinePolicies.ContainsKey(policyName)) throw InlinePolicyNotFound(role, policyName);
            Roles.Put(role with { InlinePolicies = role.InlinePolicies.Where(p => p.Key != policyName).ToDictionary(p => p.Key, p => p.Value) });
        }
        return null;
    }

    private Action<XmlWriter>? ListRolePolicies(RequestContext context, QueryRequest request)
    {
        var role = FindRole(context, request);
        var page = Page(role.InlinePolicies.Keys.Order(StringComparer.Ordinal).ToList(), request, context);
        return w =>
        {
            w.Members("PolicyNames", page.Items, (x, n) => x.WriteString(n));
            WriteTruncation(w, page);
        };
    }

    private Action<XmlWriter>? GetPolicy(RequestContext context, QueryRequest request)
    {
        var arn = Required(request, "PolicyArn");
        var policy = ManagedPolicies.Find(arn) ?? throw PolicyNotFound(arn);
        var attachments = Roles.List(ScopeOf(context)).Count(r => r.AttachedPolicyArns.Contains(policy.Arn));
        return w =>
        {
            w.WriteStartElement("Policy");
            w.WriteElementString("PolicyName", policy.PolicyName);
            w.WriteElementString("PolicyId", policy.PolicyId);
            w.WriteElementString("Arn", policy.Arn);
            w.WriteElementString("Path", policy.Path);
            w.WriteElementString("DefaultVersionId", policy.DefaultVersionId);
            w.WriteElementString("AttachmentCount", attachments.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteElementString("PermissionsBoundaryUsageCount", "0");
            w.WriteElementString("IsAttachable", "true");
            w.WriteElementString("Description", policy.Description);
            w.WriteElementString("CreateDate", Timestamp(policy.CreateDate));
            w.WriteElementString("UpdateDate", Timestamp(policy.CreateDate));
            w.WriteEndElement();
        };
    }

    private static AwsException PolicyNotFound(string arn) =>
        new("NoSuchEntity", $"Policy {arn} does not exist or is not attachable.", 404);

    private static AwsException InlinePolicyNotFound(RoleRecord role, string policyName) =>
        new("NoSuchEntity", $"The role policy with name {policyName} cannot be found.", 404);
}
