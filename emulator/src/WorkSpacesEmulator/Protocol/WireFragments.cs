using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WorkSpacesEmulator.Protocol;

/// <summary>A result that writes its own JSON (see <see cref="WireFragments"/>); the endpoint uses it instead of the
/// generated serializer. Its output must equal the generated serializer's (a test compares them).</summary>
public interface IWireWriter
{
    void WriteTo(Utf8JsonWriter writer);
}

/// <summary>The serialized JSON of wire objects that handlers keep per stored record version (a stored WorkSpace's wire
/// shape is built once per version): each object is serialized once, and a page of them is written by copying those
/// bytes. Serializing 25 WorkSpaces for every DescribeWorkspaces page was a quarter of that request's CPU (README,
/// Measured figures). Only for objects nobody changes after they are handed out.</summary>
public static class WireFragments
{
    private static readonly ConditionalWeakTable<object, byte[]> Cache = new();

    /// <summary>Writes <c>"name": [ … ]</c> from each item's cached JSON.</summary>
    public static void WriteArray<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<T> items, JsonTypeInfo<T> info) where T : class
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        for (var i = 0; i < items.Count; i++) writer.WriteRawValue(Of(items[i], info), skipInputValidation: true);
        writer.WriteEndArray();
    }

    /// <summary>The item's JSON, serialized on first use.</summary>
    public static byte[] Of<T>(T item, JsonTypeInfo<T> info) where T : class
    {
        if (Cache.TryGetValue(item, out var json)) return json;
        json = JsonSerializer.SerializeToUtf8Bytes(item, info);
        return Cache.TryAdd(item, json) ? json : Cache.TryGetValue(item, out var other) ? other : json;
    }
}
