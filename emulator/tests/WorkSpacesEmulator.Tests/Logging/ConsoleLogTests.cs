using System.Text;
using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Logging;

namespace WorkSpacesEmulator.Tests.Logging;

public sealed class ConsoleLogTests
{
    /// <summary>stdout as the log sees it: counts the writes (one per batch, not one per line), and blocks every
    /// write while <see cref="Open"/> is reset (stdout that nobody reads).</summary>
    private sealed class TestStdout(bool open = true, bool slow = false) : MemoryStream
    {
        public readonly ManualResetEventSlim Open = new(open);
        public int Writes;

        public override void Write(byte[] buffer, int offset, int count)
        {
            Open.Wait();
            if (slow) Thread.Sleep(1); // a pipe whose reader takes its time
            Interlocked.Increment(ref Writes);
            base.Write(buffer, offset, count);
        }
    }

    [Fact]
    public void Lines_keep_the_single_line_console_format_and_their_order_and_are_all_written_by_dispose()
    {
        var output = new TestStdout();
        var log = new ConsoleLog(output, colors: false);
        var logger = new ConsoleLogProvider(log).CreateLogger("Request");
        for (var i = 0; i < 1000; i++) logger.LogInformation("line {N}", i);
        logger.LogWarning(new InvalidOperationException("two\nlines"), "with {What}", "an exception");
        log.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1001);
        lines[0].Should().MatchRegex(@"^\d\d:\d\d:\d\d\.\d\d\d info: Request\[0\] line 0$");
        lines.Take(1000).Select((l, i) => l.EndsWith($" line {i}", StringComparison.Ordinal)).Should().AllBeEquivalentTo(true, "lines keep their order");
        lines[1000].Should().MatchRegex(@"^\d\d:\d\d:\d\d\.\d\d\d warn: Request\[0\] with an exception System\.InvalidOperationException: two lines");
        output.Writes.Should().BeLessThan(500, "lines are written in batches, not with one write each");
    }

    [Fact]
    public void Lines_that_stdout_cannot_take_are_dropped_and_counted_instead_of_held_in_memory()
    {
        var output = new TestStdout(open: false);
        var log = new ConsoleLog(output, colors: false);
        var logger = new ConsoleLogProvider(log).CreateLogger("Request");
        for (var i = 0; i < 20_000; i++) logger.LogInformation("line {N}", i);
        output.Open.Set();
        log.Dispose();
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.Should().BeLessThan(20_000);
        lines.Should().Contain(l => l.Contains("log lines dropped: stdout was not being read"));
    }

    [Fact]
    public void A_terminal_gets_the_level_in_color()
    {
        var output = new MemoryStream();
        var log = new ConsoleLog(output, colors: true);
        new ConsoleLogProvider(log).CreateLogger("Emulator").LogError("failed");
        log.Dispose();
        Encoding.UTF8.GetString(output.ToArray()).Should().Contain("\e[31mfail\e[0m: Emulator[0] failed");
    }

    [Fact]
    public void The_request_line_is_written_as_UTF8_in_the_same_format_and_gives_other_providers_its_text_and_values()
    {
        var output = new TestStdout();
        var log = new ConsoleLog(output, colors: false);
        var logger = new ConsoleLogProvider(log).CreateLogger("Request");
        var entry = new RequestLogEntry("WorkspacesService.DescribeWorkspaces", 200, 1.6, "123456789012", "us-east-1");
        logger.Log(LogLevel.Information, default, entry, null, RequestLogEntry.Format);
        // A label longer than the first buffer makes the entry ask for a larger one.
        var longLabel = new string('x', 2000) + "é";
        logger.Log(LogLevel.Information, default, new RequestLogEntry(longLabel, 400, 0.2, "000000000000", "eu-west-1"), null, RequestLogEntry.Format);
        // A request's own value with line breaks (an EC2 Action from a form body) cannot start a line of its own.
        logger.Log(LogLevel.Information, default, new RequestLogEntry("ec2.Describe\r\n12:00:00.000 info: Forged", 400, 0, "000000000000", "us-east-1"), null, RequestLogEntry.Format);
        log.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[2].Should().EndWith(" info: Request[0] ec2.Describe  12:00:00.000 info: Forged 400 0ms 000000000000/us-east-1");
        lines[0].Should().MatchRegex(@"^\d\d:\d\d:\d\d\.\d\d\d info: Request\[0\] WorkspacesService\.DescribeWorkspaces 200 2ms 123456789012/us-east-1$");
        lines[1].Should().EndWith($" info: Request[0] {longLabel} 400 0ms 000000000000/eu-west-1");
        // The time stamp is the local time of day, as the framework's console logger writes it.
        TimeOnly.ParseExact(lines[0][..12], "HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture).ToTimeSpan()
            .Should().BeCloseTo(DateTime.Now.TimeOfDay, TimeSpan.FromSeconds(5));

        // What LoggerMessage.Define gave before: the same text, and the values by name with the template.
        entry.ToString().Should().Be("WorkspacesService.DescribeWorkspaces 200 2ms 123456789012/us-east-1");
        entry.Should().Contain(new KeyValuePair<string, object?>("Status", 200))
            .And.Contain(new KeyValuePair<string, object?>("Region", "us-east-1"))
            .And.Contain(new KeyValuePair<string, object?>("{OriginalFormat}", RequestLogEntry.Template));
    }

    private sealed class CollectingProvider : ILoggerProvider
    {
        public readonly List<string> Lines = [];
        public ILogger CreateLogger(string categoryName) => new Collector(this);
        public void Dispose() { }

        private sealed class Collector(CollectingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines) owner.Lines.Add(formatter(state, exception));
            }
        }
    }

    [Theory]
    [InlineData(false, LogLevel.Information)]
    [InlineData(true, LogLevel.Information)]
    [InlineData(false, LogLevel.Warning)]
    public void The_request_log_writes_straight_to_the_console_log_only_when_it_is_the_only_provider_and_follows_the_configured_level(bool otherProvider, LogLevel requestLevel)
    {
        var output = new TestStdout();
        var console = new ConsoleLogProvider(new ConsoleLog(output, colors: false));
        var other = new CollectingProvider();
        ILoggerProvider[] providers = otherProvider ? [console, other] : [console];
        using var factory = LoggerFactory.Create(b =>
        {
            foreach (var p in providers) b.AddProvider(p);
            b.AddFilter(RequestLog.Category, requestLevel);
        });
        new RequestLog(factory, providers).Write("ec2.DescribeVpcs", 200, 0.4, "123456789012", "us-west-2");
        console.Dispose();

        var written = Encoding.UTF8.GetString(output.ToArray());
        if (requestLevel > LogLevel.Information)
        {
            written.Should().BeEmpty("the Request category is configured above Information");
            other.Lines.Should().BeEmpty();
            return;
        }
        written.Should().MatchRegex(@"^\d\d:\d\d:\d\d\.\d\d\d info: Request\[0\] ec2\.DescribeVpcs 200 0ms 123456789012/us-west-2\n$");
        if (otherProvider) other.Lines.Should().Equal("ec2.DescribeVpcs 200 0ms 123456789012/us-west-2");
    }

    [Fact]
    public void A_steady_stream_of_lines_is_written_at_most_once_per_batch_window()
    {
        // stdout that takes a while per write: lines arrive meanwhile, and the next write still waits out its window.
        var output = new TestStdout(slow: true);
        var log = new ConsoleLog(output, colors: false);
        var logger = new ConsoleLogProvider(log).CreateLogger("Request");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lines = 0;
        while (clock.ElapsedMilliseconds < 200)
        {
            logger.LogInformation("line {N}", lines++);
            Thread.SpinWait(2000);
        }
        var elapsed = clock.Elapsed;
        var writes = output.Writes;
        log.Dispose();
        // However the lines arrive, each write waited out a window first (the bound grows with a slower machine).
        writes.Should().BeLessThanOrEqualTo((int)(elapsed / ConsoleLog.BatchWindow) + 1, $"{lines} lines arrived over {elapsed.TotalMilliseconds:0} ms");
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(lines);
    }
}
