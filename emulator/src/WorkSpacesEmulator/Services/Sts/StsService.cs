using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Sts;

/// <summary>STS (awsQuery, 2011-06-15): GetCallerIdentity, so scripts can learn the account they run in.</summary>
public sealed class StsService : AwsQueryService
{
    public StsService() =>
        Actions = new Dictionary<string, Handler>(StringComparer.Ordinal) { ["GetCallerIdentity"] = GetCallerIdentity };

    public override string SigningName => "sts";
    public override string ApiVersion => "2011-06-15";
    protected override string XmlNamespace => "https://sts.amazonaws.com/doc/2011-06-15/";
    protected override IReadOnlyDictionary<string, Handler> Actions { get; }
    public override IReadOnlyCollection<string> ModelledActions => ServiceActions.Sts;

    // Difference from AWS: every caller is the account's root identity (the emulator has no IAM users or sessions).
    private static Action<XmlWriter>? GetCallerIdentity(RequestContext context, QueryRequest request) => w =>
    {
        w.WriteElementString("UserId", context.Account);
        w.WriteElementString("Account", context.Account);
        w.WriteElementString("Arn", $"arn:aws:iam::{context.Account}:root");
    };
}
