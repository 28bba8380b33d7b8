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
public readonly struct RequestLogEntry(string label, int status, double elapsedMs, string account, string region)
    : IUtf8LogEntry, IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Template = "{Label} {Status} {Elapsed:0}ms {Account}/{Region}";

    /// <summary>The formatter <see cref="Microsoft.Extensions.Logging.ILogger.Log{TState}"/> takes.</summary>
    public static readonly Func<RequestLogEntry, Exception?, string> Format = static (entry, _) => entry.ToString();

    // Whole milliseconds as the "0" format rounds them (half away from zero), formatted as an integer: a double's
    // custom format is the costliest part of the line.
    private long WholeMs => (long)Math.Round(elapsedMs, MidpointRounding.AwayFromZero);

    public bool TryFormat(Span<byte> destination, out int written) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"{label} {status} {WholeMs}ms {account}/{region}", out written);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{label} {status} {WholeMs}ms {account}/{region}");

    public int Count => 6;

    public KeyValuePair<string, object?> this[int index] => Value(index);

    private KeyValuePair<string, object?> Value(int index) => index switch
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
        for (var i = 0; i < 6; i++) yield return Value(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Writes the request lines: straight into the console log when it is the only logging provider (the
/// emulator's own set-up), else through <see cref="ILogger"/> like any entry. Either way the "Request" category's
/// configured level decides whether a line is written.</summary>
public sealed class RequestLog
{
    private readonly ILogger _logger;
    private readonly ConsoleLog? _console;

    public RequestLog(ILoggerFactory loggers, IEnumerable<ILoggerProvider> providers)
    {
        _logger = loggers.CreateLogger(Category);
        var all = providers.ToList();
        _console = all is [ConsoleLogProvider only] ? only.Log : null;
    }

    public const string Category = "Request";

    public void Write(string label, int status, double elapsedMs, string account, string region)
    {
        if (!_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information)) return;
        var entry = new RequestLogEntry(label, status, elapsedMs, account, region);
        if (_console is { } console) console.Append(Microsoft.Extensions.Logging.LogLevel.Information, Category, 0, entry);
        else _logger.Log(Microsoft.Extensions.Logging.LogLevel.Information, default, entry, null, RequestLogEntry.Format);
    }
}
