using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WorkSpacesEmulator.Tests.Gateways;

/// <summary>A FreeRADIUS server on 127.0.0.1 with its own configuration folder (a copy of Debian's, with one
/// client, one user and a listener on a free port), started for the tests and killed afterwards.</summary>
public sealed class FreeRadiusServer : IDisposable
{
    public const string Binary = "/usr/sbin/freeradius";
    public const string Secret = "gw-shared-s3cret";
    public const string User = "jdoe";
    public const string Code = "424242";

    private readonly Process? _process;
    private readonly string? _dir;

    public int Port { get; }
    public string? SkipReason { get; }

    public FreeRadiusServer()
    {
        if (!File.Exists(Binary) || !Directory.Exists("/etc/freeradius/3.0"))
        {
            SkipReason = "FreeRADIUS is not installed (apt-get install freeradius freeradius-utils)";
            return;
        }
        _dir = Directory.CreateTempSubdirectory("gw-freeradius-").FullName;
        Copy("/etc/freeradius/3.0", _dir);
        var conf = Path.Combine(_dir, "radiusd.conf");
        var text = File.ReadAllText(conf);
        text = System.Text.RegularExpressions.Regex.Replace(text, @"(?m)^\s*(user|group)\s*=.*$", "");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"reject_delay\s*=\s*\d+", "reject_delay = 0");
        File.WriteAllText(conf, text);
        File.WriteAllText(Path.Combine(_dir, "clients.conf"), $"client localhost {{\n  ipaddr = 127.0.0.1\n  secret = {Secret}\n}}\n");
        File.WriteAllText(Path.Combine(_dir, "mods-config", "files", "authorize"), $"{User} Cleartext-Password := \"{Code}\"\n");
        foreach (var f in Directory.GetFiles(Path.Combine(_dir, "sites-enabled"))) File.Delete(f);
        var eap = Path.Combine(_dir, "mods-enabled", "eap");
        if (File.Exists(eap)) File.Delete(eap);
        Port = FreeUdpPort();
        File.WriteAllText(Path.Combine(_dir, "sites-enabled", "default"), $$"""
            server default {
              listen {
                type = auth
                ipaddr = 127.0.0.1
                port = {{Port}}
              }
              authorize {
                files
                chap
                mschap
                pap
              }
              authenticate {
                Auth-Type PAP {
                  pap
                }
                Auth-Type CHAP {
                  chap
                }
                Auth-Type MS-CHAP {
                  mschap
                }
              }
            }
            """);
        var start = new ProcessStartInfo(Binary, ["-f", "-d", _dir, "-l", "stdout"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        var log = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
            if (e.Data?.Contains("Ready to process requests", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("FreeRADIUS did not start: " + log);
    }

    public static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            try { File.Copy(file, target, true); }
            catch (IOException) { /* a dangling link (e.g. certificates) is not needed */ }
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill();
        _process?.Dispose();
        if (_dir is not null) try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
