using System.Text.Json;

namespace WorkSpacesEmulator.Protocol;

/// <summary>One modelled operation bound to its generated types: how to read its input, call the
/// interface method, and write its output. Instances are generated (ServiceModels/Generated).</summary>
public sealed class OperationBinding<TOperations>(
    string name,
    string methodName,
    Func<JsonElement, object> deserialize,
    Func<TOperations, RequestContext, object, CancellationToken, Task<object>> invoke,
    Action<Utf8JsonWriter, object> serialize)
{
    public string Name { get; } = name;
    public string MethodName { get; } = methodName;
    public Func<JsonElement, object> Deserialize { get; } = deserialize;
    public Func<TOperations, RequestContext, object, CancellationToken, Task<object>> Invoke { get; } = invoke;
    public Action<Utf8JsonWriter, object> Serialize { get; } = serialize;
}
