using System.Collections.Concurrent;
using System.Text;

namespace WorkSpacesEmulator.Desktops;

/// <summary>What a simulated desktop's streaming port speaks after its banner: the agent's line commands
/// (PING, INFO, QUIT) and, after CONSOLE, a small line-based shell as the user in the user's home whose files live
/// as long as the desktop (so <c>echo hi > ~/note</c> then <c>cat ~/note</c> works).</summary>
public sealed class SimulatedConsole(DesktopSpec spec, ConcurrentDictionary<string, string> home)
{
    private bool _shell;

    public string Home => "/home/" + spec.UserName;

    public string Prompt => $"{spec.UserName}@{spec.ComputerName}:~$ ";

    /// <summary>The answer to one line (null = close the connection).</summary>
    public string? Answer(string line)
    {
        line = line.TrimEnd('\r');
        if (!_shell)
        {
            switch (line.Trim().ToUpperInvariant())
            {
                case "PING": return "PONG\r\n";
                case "INFO": return $"WORKSPACE {spec.WorkspaceId} USER {spec.UserName} COMPUTER {spec.ComputerName}\r\n";
                case "QUIT": return null;
                case "CONSOLE": _shell = true; return Prompt;
                case "": return "";
                default: return "ERR unknown command\r\n";
            }
        }
        var output = Run(line.Trim());
        return output is null ? null : output + Prompt;
    }

    private string? Run(string command)
    {
        if (command.Length == 0) return "";
        var redirect = command.IndexOf('>');
        string? target = null;
        if (redirect >= 0)
        {
            target = Path(command[(redirect + 1)..].Trim());
            command = command[..redirect].Trim();
        }
        var space = command.IndexOf(' ');
        var name = space < 0 ? command : command[..space];
        var args = space < 0 ? "" : command[(space + 1)..].Trim();
        string output;
        switch (name)
        {
            case "exit" or "logout": return null;
            case "echo": output = Unquote(args) + "\n"; break;
            case "whoami": output = spec.UserName + "\n"; break;
            case "hostname": output = spec.ComputerName + "\n"; break;
            case "pwd": output = Home + "\n"; break;
            case "date": output = DateTimeOffset.UtcNow.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", System.Globalization.CultureInfo.InvariantCulture) + "\n"; break;
            case "ls": output = string.Concat(home.Keys.Order(StringComparer.Ordinal).Select(k => k + "\n")); break;
            case "cat":
                var file = Path(args);
                output = file is not null && home.TryGetValue(file, out var content) ? content : $"cat: {args}: No such file or directory\n";
                break;
            case "rm":
                output = Path(args) is { } gone && home.TryRemove(gone, out _) ? "" : $"rm: {args}: No such file or directory\n";
                break;
            default: output = $"sh: {name}: not found\n"; break;
        }
        if (target is null) return output.Replace("\n", "\r\n");
        home[target] = output;
        return "";
    }

    /// <summary>A file directly in the home folder: <c>note</c>, <c>~/note</c> or <c>/home/user/note</c>.</summary>
    private string? Path(string path)
    {
        if (path.StartsWith("~/", StringComparison.Ordinal)) path = path[2..];
        else if (path.StartsWith(Home + "/", StringComparison.Ordinal)) path = path[(Home.Length + 1)..];
        return path.Length == 0 || path.Contains('/') ? null : path;
    }

    private static string Unquote(string s) => s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
