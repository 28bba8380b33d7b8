namespace WorkSpacesEmulator.Protocol;

/// <summary>An AWS-shaped error: the error code (the model's error shape name), its message, the HTTP status
/// and any extra members the error shape carries (e.g. <c>reason</c>, <c>ResourceId</c>).</summary>
public sealed class AwsException : Exception
{
    public AwsException(string code, string message, int statusCode = 400, IReadOnlyDictionary<string, string>? members = null)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
        Members = members;
    }

    public string Code { get; }
    public int StatusCode { get; }
    public IReadOnlyDictionary<string, string>? Members { get; }

    public static AwsException NotImplemented(string service, string operation) =>
        new("NotImplementedException", $"The operation {operation} of service {service} is not implemented yet by the WorkSpaces emulator.", 501);

    public static AwsException Validation(string message) => new("ValidationException", message);

    public static AwsException Serialization(string message) => new("SerializationException", message);
}
