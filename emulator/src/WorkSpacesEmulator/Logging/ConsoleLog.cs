using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace WorkSpacesEmulator.Logging;

/// <summary>The emulator's console log: one line per entry, in the format of the framework's single-line simple
/// console (<c>HH:mm:ss.fff info: Category[0] message</c>, an exception on the same line), written to stdout in
/// batches. The framework's console logger wakes its writer thread and makes one <c>write</c> system call per line;
/// at thousands of requests per second (one line each) that thread and its wake-ups cost about a tenth of the
/// emulator's CPU (measured with perf). Here callers only format and enqueue; one writer thread wakes when the
/// queue turns non-empty, lets a short batch window pass (<see cref="BatchWindow"/>) before every write, and writes
/// everything queued with one call: at most one write per window however busy the emulator is. Lines keep their order; disposing (host shutdown) writes what is left.</summary>
public sealed class ConsoleLog : IDisposable
{
    /// <summary>How long the writer lets lines gather after a wake-up; bounds how late a line appears. 10 ms: at thousands
    /// of requests a second each write (and each wake-up of the writer and of stdout's reader) is a context switch, which
    /// on this 2-core VM costs more than the copy; a 2 ms window put the writer at ~3 % of the emulator's CPU in a
    /// one-id perf profile. A hundredth of a second is still "at once" to a person or a test reading the log.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);

    // Each line as UTF-8 in an array of its exact size. Not pooled: lines are formatted on request threads and written
    // on the writer's, and that rent-here-return-there pattern kept the shared pool's per-core stacks (and their locks)
    // busy on every line; a short-lived array of ~100 bytes costs the garbage collector less.
    private readonly ConcurrentQueue<byte[]> _lines = new();
    // Not a SemaphoreSlim: its Wait spins (sched_yield) before it blocks, which cost ~3 % of the emulator's CPU at
    // thousands of lines a second; the writer sleeps a batch window after each wake-up anyway.
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
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
    private Stamp _stamp = Stamp.At(DateTime.UtcNow.Ticks);

    /// <summary>Where a line is formatted before it is copied out at its exact size (one per thread, grows as needed).</summary>
    [ThreadStatic] private static byte[]? t_scratch;

    private static byte[] Scratch(int size)
    {
        var scratch = t_scratch;
        if (scratch is not null && scratch.Length >= size) return scratch;
        scratch = new byte[Math.Max(size, 512)];
        if (size <= 16 * 1024) t_scratch = scratch; // a rare huge line (an exception's text) is not kept per thread
        return scratch;
    }

    /// <summary>The local time of the current second as "HH:mm:ss." bytes: a line's stamp is these plus its milliseconds,
    /// so no line converts to local time (the zone is looked up once a second).</summary>
    private sealed class Stamp
    {
        public readonly long SecondUtcTicks;
        public readonly byte[] Text = new byte[9];

        private Stamp(long secondUtcTicks)
        {
            SecondUtcTicks = secondUtcTicks;
            var local = TimeZoneInfo.ConvertTimeFromUtc(new DateTime(secondUtcTicks, DateTimeKind.Utc), TimeZoneInfo.Local);
            Utf8.TryWrite(Text, CultureInfo.InvariantCulture, $"{local:HH:mm:ss}.", out _);
        }

        public static Stamp At(long utcTicks) => new(utcTicks - utcTicks % TimeSpan.TicksPerSecond);
    }

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
        if (Reserve()) Enqueue(Format(level, category, eventId, message, exception));
    }

    private byte[] Format(LogLevel level, string category, int eventId, string message, Exception? exception)
    {
        var text = OneLine(message);
        if (exception is not null) text = text + " " + OneLine(exception.ToString());
        var buffer = Scratch(64 + Encoding.UTF8.GetMaxByteCount(category.Length + text.Length));
        var at = WritePrefix(buffer, level, category, eventId);
        at += Encoding.UTF8.GetBytes(text, buffer.AsSpan(at));
        buffer[at++] = (byte)'\n';
        return buffer.AsSpan(0, at).ToArray();
    }

    /// <summary>The same line for an entry that formats itself as UTF-8 (the request line): no strings in between.</summary>
    public void Append<TEntry>(LogLevel level, string category, int eventId, in TEntry entry) where TEntry : IUtf8LogEntry
    {
        if (!Reserve()) return;
        for (var size = 256 + 3 * category.Length; ; size *= 2)
        {
            var buffer = Scratch(size);
            var at = WritePrefix(buffer, level, category, eventId);
            // The last byte stays free for the newline.
            if (entry.TryFormat(buffer.AsSpan(at, buffer.Length - at - 1), out var written))
            {
                // One line per entry, as for string messages: values from requests (an EC2 Action) may hold line breaks.
                var message = buffer.AsSpan(at, written);
                message.Replace((byte)'\r', (byte)' ');
                message.Replace((byte)'\n', (byte)' ');
                at += written;
                buffer[at++] = (byte)'\n';
                Enqueue(buffer.AsSpan(0, at).ToArray());
                return;
            }
        }
    }

    private static readonly byte[][] Levels = [.. new[] { "trce", "dbug", "info", "warn", "fail", "crit" }.Select(Encoding.UTF8.GetBytes)];

    private static readonly byte[][] ColoredLevels =
        [.. new[] { "\e[37mtrce", "\e[37mdbug", "\e[32minfo", "\e[33mwarn", "\e[31mfail", "\e[1;31mcrit" }.Select(l => Encoding.UTF8.GetBytes(l + "\e[0m"))];

    private bool Reserve()
    {
        if (Interlocked.Increment(ref _pending) <= MaxPending) return true;
        Interlocked.Decrement(ref _pending);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private void Enqueue(byte[] line)
    {
        _lines.Enqueue(line);
        if (Volatile.Read(ref _idle) == 1 && Interlocked.Exchange(ref _idle, 0) == 1) _wake.Set();
    }

    /// <summary>"HH:mm:ss.fff info: Category[id] " (the level colored on a terminal); the buffer has room for it.</summary>
    private int WritePrefix(byte[] buffer, LogLevel level, string category, int eventId)
    {
        var now = DateTime.UtcNow.Ticks;
        var stamp = _stamp;
        if (now - stamp.SecondUtcTicks is < 0 or >= TimeSpan.TicksPerSecond) _stamp = stamp = Stamp.At(now);
        stamp.Text.CopyTo(buffer, 0);
        var at = stamp.Text.Length;
        var ms = (int)((now - stamp.SecondUtcTicks) / TimeSpan.TicksPerMillisecond);
        buffer[at++] = (byte)('0' + ms / 100);
        buffer[at++] = (byte)('0' + ms / 10 % 10);
        buffer[at++] = (byte)('0' + ms % 10);
        buffer[at++] = (byte)' ';
        var span = buffer.AsSpan();
        var name = (_colors ? ColoredLevels : Levels)[Math.Clamp((int)level, 0, 5)];
        name.CopyTo(span[at..]);
        at += name.Length;
        ": "u8.CopyTo(span[at..]);
        at += 2;
        at += Encoding.UTF8.GetBytes(category, span[at..]);
        Utf8.TryWrite(span[at..], CultureInfo.InvariantCulture, $"[{eventId}] ", out var written);
        return at + written;
    }

    private static string OneLine(string text) =>
        text.AsSpan().IndexOfAny('\r', '\n') < 0 ? text : text.Replace('\r', ' ').Replace('\n', ' ');

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
                _wake.Reset();
            }
            // Every batch waits out the window, also when lines kept coming: without it a busy writer wrote each few
            // lines as they arrived (a write system call, and a wake-up of stdout's reader, every few requests).
            if (!_stopping) Thread.Sleep(BatchWindow);
            if (!WriteBatch(buffer)) continue;
            // After a write, the window passes again before the queue is looked at: a busy emulator's queue has filled
            // again by then, so the writer never goes idle and request threads never have to wake it (under load a
            // wake-up per batch, a futex call on a request thread, showed in the profile).
            if (!_stopping) Thread.Sleep(BatchWindow);
        }
    }

    /// <summary>Writes what is queued (up to 256 KB) with one call; false when there was nothing. Its own method, so it
    /// is compiled like any hot method (the loop above never returns, so it only ever runs as on-stack-replaced code).</summary>
    private bool WriteBatch(MemoryStream buffer)
    {
        buffer.SetLength(0);
        if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
        {
            // Past the bound: the queue is full exactly when lines were dropped.
            Interlocked.Increment(ref _pending);
            _lines.Enqueue(Format(LogLevel.Warning, "Emulator", 0, $"{dropped} log lines dropped: stdout was not being read", null));
        }
        var taken = 0;
        while (buffer.Length < 256 * 1024 && _lines.TryDequeue(out var line))
        {
            buffer.Write(line);
            taken++;
        }
        // Once per batch, not per line: the count is shared with every request thread.
        Interlocked.Add(ref _pending, -taken);
        if (taken == 0) return false;
        try
        {
            _out.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            _out.Flush();
        }
        catch (IOException) { } // a closed stdout (the reader went away) must not stop the emulator
        return true;
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _writer.Join(TimeSpan.FromSeconds(2));
    }
}

/// <summary>The logging provider over <see cref="ConsoleLog"/> (replaces the framework's console provider).</summary>
public sealed class ConsoleLogProvider(ConsoleLog log) : ILoggerProvider
{
    public ConsoleLog Log => log;

    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    public void Dispose() => log.Dispose();

    private sealed class Logger(ConsoleLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            if (exception is null && state is IUtf8LogEntry entry) log.Append(logLevel, category, eventId.Id, entry);
            else log.Append(logLevel, category, eventId.Id, formatter(state, exception), exception);
        }
    }
}
