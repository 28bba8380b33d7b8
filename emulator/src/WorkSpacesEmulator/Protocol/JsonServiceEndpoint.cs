using System.Reflection;
using System.Text.Json;

namespace WorkSpacesEmulator.Protocol;

/// <summary>A JSON service (awsJson1_1 or rest-json) as the protocol layer sees it: its model, which
/// operations have handlers, and how to run one from a parsed JSON input.</summary>
public interface IJsonServiceEndpoint
{
    ServiceModel Model { get; }
    bool HasOperation(string operation);
    bool IsImplemented(string operation);
    IReadOnlyCollection<string> OperationNames { get; }

    /// <summary>Validates the input against the model, runs the handler and returns a writer for the result.</summary>
    Task<Action<Utf8JsonWriter>> InvokeAsync(RequestContext context, string operation, JsonElement input, CancellationToken cancellationToken);
}

public sealed class JsonServiceEndpoint<TOperations> : IJsonServiceEndpoint where TOperations : class
{
    private readonly TOperations _implementation;
    private readonly Dictionary<string, OperationBinding<TOperations>> _bindings;
    private readonly HashSet<string> _implemented;
    private readonly ModelValidator _validator;

    public JsonServiceEndpoint(ServiceModel model, TOperations implementation, IEnumerable<OperationBinding<TOperations>> bindings, Type generatedBase)
    {
        Model = model;
        _implementation = implementation;
        _bindings = bindings.ToDictionary(b => b.Name, StringComparer.Ordinal);
        _validator = new ModelValidator(model);
        // An operation is implemented when the handler class overrides the generated not-implemented method.
        // Reflection runs once here, never per request.
        _implemented = _bindings.Values
            .Where(b => implementation.GetType().GetMethod(b.MethodName, BindingFlags.Public | BindingFlags.Instance)?.DeclaringType != generatedBase)
            .Select(b => b.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    public ServiceModel Model { get; }
    public IReadOnlyCollection<string> OperationNames => _bindings.Keys;
    public bool HasOperation(string operation) => _bindings.ContainsKey(operation);
    public bool IsImplemented(string operation) => _implemented.Contains(operation);

    public async Task<Action<Utf8JsonWriter>> InvokeAsync(RequestContext context, string operation, JsonElement input, CancellationToken cancellationToken)
    {
        var binding = _bindings[operation];
        // Bad input is reported as such even for operations without a handler yet.
        try
        {
            _validator.Validate(Model.Operations[operation].InputShape, input);
        }
        catch (InvalidOperationException e)
        {
            // A JSON string that is not valid UTF-16 once unescaped (a lone surrogate such as "\ud800").
            throw AwsException.Serialization($"Could not read the {operation} request: {e.Message}");
        }
        if (!_implemented.Contains(operation)) throw AwsException.NotImplemented(Model.Name, operation);
        object request;
        try
        {
            request = binding.Deserialize(input);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw AwsException.Serialization($"Could not read the {operation} request: {e.Message}");
        }
        var result = await binding.Invoke(_implementation, context, request, cancellationToken).ConfigureAwait(false);
        if (result is IWireWriter own) return own.WriteTo;
        return writer => binding.Serialize(writer, result);
    }
}
