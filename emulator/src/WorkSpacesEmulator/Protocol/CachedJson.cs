using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Marks a generated wire shape whose instances are immutable once built (handlers cache one per stored
/// record version, e.g. with a <see cref="ConditionalWeakTable{TKey,TValue}"/> keyed by the record): such an
/// instance is serialized to UTF-8 JSON once and every later response copies those bytes
/// (<see cref="CachedJsonConverterFactory"/>). Opt a shape in with <c>public sealed partial class X : ICachedJson;</c>.
/// Never mutate an instance after it has been written.</summary>
public interface ICachedJson;

/// <summary>Registered in every generated JSON context: writes an <see cref="ICachedJson"/> instance from its cached
/// serialized form. A record replaced in storage yields a new wire instance, so the cache needs no invalidation.</summary>
public sealed class CachedJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(ICachedJson).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(CachedJsonConverter<>).MakeGenericType(typeToConvert), Plain(options))!;

    // The same options without this factory: how the shape is written the first time (and read).
    private static JsonSerializerOptions Plain(JsonSerializerOptions options)
    {
        var plain = new JsonSerializerOptions(options);
        for (var i = plain.Converters.Count - 1; i >= 0; i--)
            if (plain.Converters[i] is CachedJsonConverterFactory) plain.Converters.RemoveAt(i);
        plain.MakeReadOnly();
        return plain;
    }
}

internal sealed class CachedJsonConverter<T>(JsonSerializerOptions plain) : JsonConverter<T> where T : class, ICachedJson
{
    private static readonly ConditionalWeakTable<T, byte[]> Serialized = new();
    private readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> _typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)plain.GetTypeInfo(typeof(T));
    private ConditionalWeakTable<T, byte[]>.CreateValueCallback? _serialize;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, _typeInfo);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteRawValue(Serialized.TryGetValue(value, out var bytes) ? bytes
            : Serialized.GetValue(value, _serialize ??= v => JsonSerializer.SerializeToUtf8Bytes(v, _typeInfo)), skipInputValidation: true);
}
