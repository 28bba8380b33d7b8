using System.Text;
using Microsoft.Extensions.Logging;
using WorkSpacesEmulator.Logging;

namespace WorkSpacesEmulator.Tests.Logging;

public sealed class ConsoleLogTests
{
    /// <summary>stdout as the log sees it: counts the writes (one per batch, not one per line), and blocks every
    /// write while <see cref="Open"/> is reset (stdout that nobody reads).</summary>
    private sealed class TestStdout(bool open = true) : MemoryStream
    {
        public readonly ManualResetEventSlim Open = new(open);
        public int Writes;

        public override void Write(byte[] buffer, int offset, int count)
        {
            Open.Wait();
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
}
