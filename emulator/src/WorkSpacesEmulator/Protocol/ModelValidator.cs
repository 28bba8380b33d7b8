using System.Globalization;
using System.Text.Json;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Generic, model-driven input validation: member types, required members, lengths, ranges,
/// patterns, enums, list and map sizes. Type mismatches raise <c>SerializationException</c>; constraint
/// violations are collected into one <c>ValidationException</c> with the messages AWS writes
/// ("1 validation error detected: Value 'x' at 'workspaces.1.member.bundleId' failed to satisfy constraint: …").</summary>
public sealed class ModelValidator(ServiceModel model)
{
    private const int MaxReportedErrors = 10;

    public void Validate(string inputShape, JsonElement input)
    {
        List<string>? errors = null;
        ValidateStructure(model.Shapes[inputShape], input, "", ref errors);
        if (errors is { Count: > 0 })
        {
            var head = errors.Count == 1 ? "1 validation error detected: " : $"{errors.Count} validation errors detected: ";
            throw AwsException.Validation(head + string.Join("; ", errors.Take(MaxReportedErrors)));
        }
    }

    private void ValidateStructure(ShapeDefinition shape, JsonElement value, string path, ref List<string>? errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw AwsException.Serialization($"Expected an object{At(path)} (shape {shape.Name}) but found {Describe(value)}.");
        var present = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (!shape.Members.TryGetValue(property.Name, out var member))
                throw AwsException.Serialization($"Unknown member '{property.Name}'{At(path)} (shape {shape.Name}).");
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            present++;
            ValidateValue(model.Shapes[member.Shape], property.Value, Join(path, property.Name), ref errors);
        }
        foreach (var required in shape.Required)
        {
            if (!value.TryGetProperty(required, out var v) || v.ValueKind == JsonValueKind.Null)
                (errors ??= []).Add($"Value null at '{Join(path, required)}' failed to satisfy constraint: Member must not be null");
        }
        if (shape.IsUnion && present != 1)
            (errors ??= []).Add($"Value at '{(path.Length == 0 ? shape.Name : path)}' failed to satisfy constraint: Member must have exactly one member set");
    }

    private void ValidateValue(ShapeDefinition shape, JsonElement value, string path, ref List<string>? errors)
    {
        switch (shape.Type)
        {
            case "structure":
                ValidateStructure(shape, value, path, ref errors);
                break;
            case "list":
                if (value.ValueKind != JsonValueKind.Array)
                    throw AwsException.Serialization($"Expected a list at '{path}' but found {Describe(value)}.");
                CheckSize(shape, value.GetArrayLength(), value, path, ref errors);
                var item = model.Shapes[shape.ListMember!];
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    index++;
                    if (element.ValueKind == JsonValueKind.Null)
                        (errors ??= []).Add($"Value null at '{path}.{index}.member' failed to satisfy constraint: Member must not be null");
                    else
                        ValidateValue(item, element, $"{path}.{index}.member", ref errors);
                }
                break;
            case "map":
                if (value.ValueKind != JsonValueKind.Object)
                    throw AwsException.Serialization($"Expected a map at '{path}' but found {Describe(value)}.");
                var count = 0;
                var keyShape = model.Shapes[shape.MapKey!];
                var valueShape = model.Shapes[shape.MapValue!];
                foreach (var entry in value.EnumerateObject())
                {
                    count++;
                    CheckString(keyShape, entry.Name, $"{path}.{entry.Name}.key", ref errors);
                    if (entry.Value.ValueKind == JsonValueKind.Null)
                        (errors ??= []).Add($"Value null at '{path}.{Truncate(entry.Name)}.value' failed to satisfy constraint: Member must not be null");
                    else
                        ValidateValue(valueShape, entry.Value, $"{path}.{entry.Name}.value", ref errors);
                }
                CheckSize(shape, count, value, path, ref errors);
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                    throw AwsException.Serialization($"Expected a string at '{path}' but found {Describe(value)}.");
                CheckString(shape, value.GetString()!, path, ref errors);
                break;
            case "integer":
            case "long":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var whole)
                    || (shape.Type == "integer" && whole is < int.MinValue or > int.MaxValue))
                    throw AwsException.Serialization($"Expected an {shape.Type} at '{path}' but found {Describe(value)}.");
                CheckRange(shape, whole, path, ref errors);
                break;
            case "double":
            case "float":
                if (value.ValueKind != JsonValueKind.Number)
                    throw AwsException.Serialization($"Expected a number at '{path}' but found {Describe(value)}.");
                CheckRange(shape, value.GetDouble(), path, ref errors);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw AwsException.Serialization($"Expected a boolean at '{path}' but found {Describe(value)}.");
                break;
            case "timestamp":
                if (value.ValueKind != JsonValueKind.Number
                    && !(value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)))
                    throw AwsException.Serialization($"Expected a timestamp (epoch seconds) at '{path}' but found {Describe(value)}.");
                break;
            case "blob":
                if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
                    throw AwsException.Serialization($"Expected a base64-encoded blob at '{path}'.");
                CheckSize(shape, bytes.Length, value, path, ref errors);
                break;
        }
    }

    private static void CheckString(ShapeDefinition shape, string text, string path, ref List<string>? errors)
    {
        var shown = shape.IsSensitive ? "Value" : $"Value '{Truncate(text)}'";
        if (shape.Min is { } min && text.Length < min)
            (errors ??= []).Add($"{shown} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (shape.Max is { } max && text.Length > max)
            (errors ??= []).Add($"{shown} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        if (shape.Enum is { } values && Array.IndexOf(values, text) < 0)
            (errors ??= []).Add($"{shown} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]");
        if (shape.Pattern is { } pattern && !SafeMatch(pattern, text))
            (errors ??= []).Add($"{shown} at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.PatternText}");
    }

    private static bool SafeMatch(System.Text.RegularExpressions.Regex pattern, string text)
    {
        try { return pattern.IsMatch(text); }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException) { return false; }
    }

    private static void CheckRange(ShapeDefinition shape, double number, string path, ref List<string>? errors)
    {
        var shown = number.ToString(CultureInfo.InvariantCulture);
        if (shape.Min is { } min && number < min)
            (errors ??= []).Add($"Value '{shown}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        if (shape.Max is { } max && number > max)
            (errors ??= []).Add($"Value '{shown}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max}");
    }

    private static void CheckSize(ShapeDefinition shape, int size, JsonElement value, string path, ref List<string>? errors)
    {
        if (shape.Min is { } min && size < min)
            (errors ??= []).Add($"Value '{Shorten(value)}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (shape.Max is { } max && size > max)
            (errors ??= []).Add($"Value '{Shorten(value)}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
    }

    /// <summary>A list or map as Coral renders it in a message (Java's toString: <c>[a, b]</c>, <c>{k=v}</c>), truncated.</summary>
    private static string Shorten(JsonElement value)
    {
        var sb = new System.Text.StringBuilder();
        Render(value, sb);
        return Truncate(sb.ToString());
    }

    private static void Render(JsonElement value, System.Text.StringBuilder sb)
    {
        if (sb.Length > MaxShownLength) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Render(item, sb);
                    if (sb.Length > MaxShownLength) break;
                }
                sb.Append(']');
                break;
            case JsonValueKind.Object:
                sb.Append('{');
                var firstMember = true;
                foreach (var member in value.EnumerateObject())
                {
                    if (!firstMember) sb.Append(", ");
                    firstMember = false;
                    sb.Append(member.Name).Append('=');
                    Render(member.Value, sb);
                    if (sb.Length > MaxShownLength) break;
                }
                sb.Append('}');
                break;
            case JsonValueKind.String:
                sb.Append(value.GetString());
                break;
            default:
                sb.Append(value.GetRawText());
                break;
        }
    }

    /// <summary>Values are echoed in messages, but never more than this many characters (a request may carry megabytes).</summary>
    private const int MaxShownLength = 1024;

    private static string Truncate(string text) => text.Length > MaxShownLength ? text[..MaxShownLength] + "..." : text;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string At(string path) => path.Length == 0 ? "" : $" at '{path}'";

    // Coral reports member paths in lower camel case (e.g. 'workspaces.1.member.bundleId').
    private static string Join(string path, string member)
    {
        var camel = char.IsUpper(member[0]) ? char.ToLowerInvariant(member[0]) + member[1..] : member;
        return path.Length == 0 ? camel : path + "." + camel;
    }
}
