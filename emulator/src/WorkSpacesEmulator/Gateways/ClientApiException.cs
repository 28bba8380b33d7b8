namespace WorkSpacesEmulator.Gateways;

/// <summary>An answer of the client API other than 200: HTTP status plus <c>{"__type": Code, "message": …}</c>.</summary>
public sealed class ClientApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public IResult ToResult() => Results.Json(new Dictionary<string, string> { ["__type"] = Code, ["message"] = Message }, ClientJson.Options, statusCode: Status);

    public static ClientApiException InvalidCredentials() => new(401, "InvalidCredentials", "The user name or password is incorrect.");
    public static ClientApiException InvalidSession(string why) => new(401, "InvalidSessionToken", why);
    public static ClientApiException Unavailable(string workspaceId, string state) =>
        new(409, "WorkspaceUnavailable", $"The WorkSpace {workspaceId} is {state} and cannot be connected to now.");
}

/// <summary>The client API's JSON: member names exactly as written (PascalCase, like AWS), absent members omitted.</summary>
public static class ClientJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IResult Result(object value) => Results.Json(value, Options);
}
