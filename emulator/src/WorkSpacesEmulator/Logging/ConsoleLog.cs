using System.Collections.Concurrent;
using System.Text;

namespace WorkSpacesEmulator.Logging;

/// <summary>The emulator's console log: one line per entry, in the format of the framework's single-line simple
/// console (<c>HH:mm:ss.fff info: Category[0] message</c>, an exception on the same line), written to stdout in
/// batches. The framework's console logger wakes its writer thread and makes one <c>write</c> system call per line;
/// at thousands of requests per second (one line each) that thread and its wake-ups cost about a tenth of the
/// emulator's CPU (measured with perf). Here callers only format and enqueue; one writer thread wakes when the
/// queue turns non-empty, lets a short batch window pass (<see cref="BatchWindow"/>), and writes everything queued
/// with one call. Lines keep their order; disposing (host shutdown) writes what is left.</summary>
public sealed class ConsoleLog : IDisposable
{
    /// <summary>How long the writer lets lines gather after a wake-up; bounds how late a line appears.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(2);

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Stream _out;
    private readonly bool _colors;
    private readonly Thread _writer;
    private int _idle; // 1 while the writer waits for a wake-up
    // Bounded like the framework's console queue: when stdout is not read (a full pipe blocks the writer), lines beyond
    // this many are dropped and counted instead of growing memory without end.
    private const int MaxPending = 10_000;
    private int _pending;
    private int _dropped;
    private volatile bool _stopping;

    public ConsoleLog(Stream output, bool colors)
    {
        _out = output;
        _colors = colors;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Console log" };
        _writer.Start();
    }

    /// <summary>stdout, colored when it is a terminal.</summary>
    public static ConsoleLog ForStandardOutput() => new(Console.OpenStandardOutput(), !Console.IsOutputRedirected);

    public void Append(LogLevel level, string category, int eventId, string message, Exception? exception)
    {
        if (Interlocked.Increment(ref _pending) > MaxPending)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            return;
        }
        var line = new StringBuilder(40 + category.Length + message.Length);
        line.Append(System.Globalization.CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss.fff} ");
        var (name, color) = level switch
        {
            LogLevel.Trace => ("trce", "\e[37m"),
            LogLevel.Debug => ("dbug", "\e[37m"),
            LogLevel.Information => ("info", "\e[32m"),
            LogLevel.Warning => ("warn", "\e[33m"),
            LogLevel.Error => ("fail", "\e[31m"),
            _ => ("crit", "\e[1;31m"),
        };
        if (_colors) line.Append(color).Append(name).Append("\e[0m");
        else line.Append(name);
        line.Append(": ").Append(category).Append('[').Append(eventId).Append("] ");
        AppendOneLine(line, message);
        if (exception is not null) AppendOneLine(line.Append(' '), exception.ToString());
        line.Append('\n');
        _lines.Enqueue(line.ToString());
        if (Volatile.Read(ref _idle) == 1 && Interlocked.Exchange(ref _idle, 0) == 1) _wake.Release();
    }

    private static void AppendOneLine(StringBuilder line, string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') < 0) { line.Append(text); return; }
        foreach (var c in text) line.Append(c is '\r' or '\n' ? ' ' : c);
    }

    private void WriteLoop()
    {
        var buffer = new MemoryStream(64 * 1024);
        while (true)
        {
            if (_lines.IsEmpty)
            {
                if (_stopping) return;
                Volatile.Write(ref _idle, 1);
                // A line enqueued between the check and the flag is seen here instead of waiting for the next one.
                if (_lines.IsEmpty) _wake.Wait(TimeSpan.FromMilliseconds(500));
                Interlocked.Exchange(ref _idle, 0);
                if (!_stopping) Thread.Sleep(BatchWindow);
            }
            buffer.SetLength(0);
            if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
            {
                Interlocked.Increment(ref _pending);
                _lines.Enqueue($"{DateTime.Now:HH:mm:ss.fff} warn: Emulator[0] {dropped} log lines dropped: stdout was not being read\n");
            }
            while (buffer.Length < 256 * 1024 && _lines.TryDequeue(out var line))
            {
                Interlocked.Decrement(ref _pending);
                var max = Encoding.UTF8.GetMaxByteCount(line.Length);
                var start = (int)buffer.Length;
                buffer.SetLength(start + max);
                var written = Encoding.UTF8.GetBytes(line, buffer.GetBuffer().AsSpan(start, max));
                buffer.SetLength(start + written);
            }
            if (buffer.Length == 0) continue;
            try
            {
                _out.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                _out.Flush();
            }
            catch (IOException) { } // a closed stdout (the reader went away) must not stop the emulator
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Release();
        _writer.Join(TimeSpan.FromSeconds(2));
    }
}

/// <summary>The logging provider over <see cref="ConsoleLog"/> (replaces the framework's console provider).</summary>
public sealed class ConsoleLogProvider(ConsoleLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    public void Dispose() => log.Dispose();

    private sealed class Logger(ConsoleLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            log.Append(logLevel, category, eventId.Id, formatter(state, exception), exception);
        }
    }
}
