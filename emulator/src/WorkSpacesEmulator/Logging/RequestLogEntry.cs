using System.Collections;
using System.Globalization;
using System.Text.Unicode;

namespace WorkSpacesEmulator.Logging;

/// <summary>A log entry that <see cref="ConsoleLog"/> writes straight as UTF-8, without the intermediate strings
/// (and boxed arguments) of a formatted message.</summary>
public interface IUtf8LogEntry
{
    /// <summary>Writes the message into <paramref name="destination"/>; false when it does not fit.</summary>
    bool TryFormat(Span<byte> destination, out int written);
}

/// <summary>The one line per request: <c>{Label} {Status} {Elapsed:0}ms {Account}/{Region}</c>. Written per request, so
/// it is formatted once, into the console log's bytes; other logging providers get the same text from
/// <see cref="ToString"/> and the values as structured state (as <c>LoggerMessage</c> gives them).</summary>
public sealed class RequestLogEntry(string label, int status, double elapsedMs, string account, string region)
    : IUtf8LogEntry, IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Template = "{Label} {Status} {Elapsed:0}ms {Account}/{Region}";

    /// <summary>The formatter <see cref="Microsoft.Extensions.Logging.ILogger.Log{TState}"/> takes.</summary>
    public static readonly Func<RequestLogEntry, Exception?, string> Format = static (entry, _) => entry.ToString();

    public string Label => label;
    public int Status => status;
    public double ElapsedMs => elapsedMs;
    public string Account => account;
    public string Region => region;

    public bool TryFormat(Span<byte> destination, out int written) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"{label} {status} {elapsedMs:0}ms {account}/{region}", out written);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{label} {status} {elapsedMs:0}ms {account}/{region}");

    public int Count => 6;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Label", label),
        1 => new("Status", status),
        2 => new("Elapsed", elapsedMs),
        3 => new("Account", account),
        4 => new("Region", region),
        5 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
