using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// CreateSecurityGroup, DescribeSecurityGroups, DeleteSecurityGroup.
public sealed partial class Ec2QueryService
{
    private static readonly FilterSet<SecurityGroup> SecurityGroupFilters = new FilterSet<SecurityGroup>()
        .Field("group-id", g => g.Id)
        .Field("group-name", g => g.GroupName)
        .Field("vpc-id", g => g.VpcId)
        .Field("description", g => g.Description)
        .Field("owner-id", g => g.OwnerId)
        .Tags(g => g.Tags);

    private Action<XmlWriter> CreateSecurityGroup(RequestContext context, QueryRequest request)
    {
        var name = Required(request, "GroupName");
        var description = Required(request, "GroupDescription");
        if (name.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
            throw new AwsException("InvalidParameterValue", "Group names may not be in the format sg-*.");
        if (name.Length > 255 || description.Length > 255)
            throw new AwsException("InvalidParameterValue", "Group name and description may be at most 255 characters long.");
        var vpcId = request.Get("VpcId") is { Length: > 0 } given ? given : DefaultVpcOrThrow(context).Id;
        var tags = TagSpecifications(request, "security-group");
        var group = _network.CreateSecurityGroup(context, vpcId, name, description, tags);
        return w =>
        {
            w.Element("return", true);
            w.Element("groupId", group.Id);
            WriteTagSet(w, group.Tags);
            w.Element("securityGroupArn", SecurityGroupArn(context, group));
        };
    }

    private Action<XmlWriter> DescribeSecurityGroups(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var all = _network.SecurityGroups.List(context.Scope);
        IReadOnlyList<SecurityGroup> selected = ByIds(all, request.GetList("GroupId"), g => g.Id, Ec2Network.NotFound);
        var names = request.GetList("GroupName");
        if (names.Count > 0)
        {
            // Like EC2, names select groups of the default VPC only.
            var defaultVpc = _network.FindDefaultVpc(context);
            foreach (var name in names)
                if (!all.Any(g => g.VpcId == defaultVpc?.Id && g.GroupName == name))
                    throw GroupNameNotFound(name, defaultVpc);
            selected = selected.Where(g => g.VpcId == defaultVpc?.Id && names.Contains(g.GroupName)).ToList();
        }
        var page = Page(SecurityGroupFilters.Apply(selected, request), request, context);
        return w => WritePage(w, "securityGroupInfo", page, (x, g) => WriteSecurityGroup(x, context, g));
    }

    private Action<XmlWriter> DeleteSecurityGroup(RequestContext context, QueryRequest request)
    {
        string groupId;
        if (request.Get("GroupId") is { Length: > 0 } id) groupId = id;
        else if (request.Get("GroupName") is { Length: > 0 } name)
        {
            var defaultVpc = _network.FindDefaultVpc(context);
            groupId = _network.SecurityGroups.List(context.Scope).FirstOrDefault(g => g.VpcId == defaultVpc?.Id && g.GroupName == name)?.Id
                ?? throw GroupNameNotFound(name, defaultVpc);
        }
        else throw new AwsException("MissingParameter", "The request must contain the parameter GroupName or GroupId");
        _network.EnsureDefaults(context);
        if (_network.SecurityGroups.Get(context.Scope, groupId) is { GroupName: "default" } group)
            throw new AwsException("CannotDelete", $"the specified group: \"{group.Id}\" name: \"default\" cannot be deleted by a user");
        _network.DeleteSecurityGroup(context, groupId);
        return w =>
        {
            w.Element("return", true);
            w.Element("groupId", groupId);
        };
    }

    private Vpc DefaultVpcOrThrow(RequestContext context) =>
        _network.FindDefaultVpc(context) ?? throw new AwsException("VPCIdNotSpecified", "No default VPC for this user");

    private static AwsException GroupNameNotFound(string name, Vpc? defaultVpc) =>
        defaultVpc is null
            ? new AwsException("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")
            : new AwsException("InvalidGroup.NotFound", $"The security group '{name}' does not exist in default VPC '{defaultVpc.Id}'");

    private static string SecurityGroupArn(RequestContext context, SecurityGroup g) =>
        $"arn:aws:ec2:{context.Region}:{g.OwnerId}:security-group/{g.Id}";

    private void WriteSecurityGroup(XmlWriter w, RequestContext context, SecurityGroup group)
    {
        w.Element("ownerId", group.OwnerId);
        w.Element("groupId", group.Id);
        w.Element("groupName", group.GroupName);
        w.Element("groupDescription", group.Description);
        w.Element("vpcId", group.VpcId);
        WritePermissions(w, "ipPermissions", group, egress: false);
        WritePermissions(w, "ipPermissionsEgress", group, egress: true);
        WriteTagSet(w, group.Tags);
        w.Element("securityGroupArn", SecurityGroupArn(context, group));
    }
}
