namespace WorkSpacesEmulator.Services.Iam;

/// <summary>The AWS managed policies the WorkSpaces tutorials attach (to workspaces_DefaultRole and friends).</summary>
public static class ManagedPolicies
{
    // Difference from AWS: the policy ids and dates are the emulator's (AWS's are not documented); only this
    // catalogue exists (no customer managed policies).
    public static readonly IReadOnlyList<ManagedPolicy> All =
    [
        new("AmazonWorkSpacesServiceAccess", "ANPAJ6ZWIG2RQMJRUUIEK", "/", "v6", "Provides customer account access to Amazon WorkSpaces services.", new DateTimeOffset(2015, 11, 18, 0, 0, 0, TimeSpan.Zero)),
        new("AmazonWorkSpacesSelfServiceAccess", "ANPAJNIHZ4AR6WD2UBQNM", "/", "v4", "Provides access to Amazon WorkSpaces self-service actions.", new DateTimeOffset(2015, 11, 18, 0, 0, 0, TimeSpan.Zero)),
        new("AmazonWorkSpacesAdmin", "ANPAJ26AU6ATUQCT5KVJU", "/", "v9", "Provides access to Amazon WorkSpaces administrative actions.", new DateTimeOffset(2015, 2, 6, 0, 0, 0, TimeSpan.Zero)),
        new("AmazonWorkSpacesPoolServiceAccess", "ANPAZKAPJZG4PBHQKLUXB", "/", "v1", "Provides customer account access to Amazon WorkSpaces Pools.", new DateTimeOffset(2024, 6, 28, 0, 0, 0, TimeSpan.Zero)),
        new("AWSDirectoryServiceFullAccess", "ANPAJA7IXL2QJVFVHQXWM", "/", "v4", "Provides full access to AWS Directory Service.", new DateTimeOffset(2015, 2, 6, 0, 0, 0, TimeSpan.Zero)),
        new("AmazonSSMManagedInstanceCore", "ANPAIXSHM2BNB2D3AXXRU", "/", "v2", "The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.", new DateTimeOffset(2019, 3, 15, 0, 0, 0, TimeSpan.Zero)),
    ];

    public static ManagedPolicy? Find(string arn) => All.FirstOrDefault(p => p.Arn == arn);
}
