using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkSpacesEmulator.Protocol;

/// <summary>JSON 1.1 and rest-json timestamps without a timestampFormat are epoch seconds (a JSON number).</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var ms = (long)Math.Round(reader.GetDouble() * 1000d);
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000d));
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }
        throw new JsonException("Timestamp must be a number of epoch seconds.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var ms = value.ToUnixTimeMilliseconds();
        if (ms % 1000 == 0) writer.WriteNumberValue(ms / 1000);
        else writer.WriteNumberValue(ms / 1000d);
    }
}
