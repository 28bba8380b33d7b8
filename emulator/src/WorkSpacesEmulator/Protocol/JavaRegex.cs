using System.Text;
using System.Text.RegularExpressions;

namespace WorkSpacesEmulator.Protocol;

/// <summary>Translates the Java regular expressions of the AWS models into .NET syntax. Most patterns
/// are compatible; the POSIX-style classes Java accepts (<c>\p{Punct}</c>, <c>\p{Alnum}</c>, …) and the
/// non-standard <c>\p{LD}</c> (letter or digit) are rewritten to explicit classes, as are Java's ASCII-only
/// <c>\d \w \s</c> and its '.'.</summary>
public static class JavaRegex
{
    private static readonly (string Java, string Inside, string Outside)[] Classes =
    [
        (@"\p{Punct}", @"!-/:-@\[-`{-~", @"[!-/:-@\[-`{-~]"),
        (@"\p{Alnum}", @"a-zA-Z0-9", @"[a-zA-Z0-9]"),
        (@"\p{Alpha}", @"a-zA-Z", @"[a-zA-Z]"),
        (@"\p{Digit}", @"0-9", @"[0-9]"),
        (@"\p{Upper}", @"A-Z", @"[A-Z]"),
        (@"\p{Lower}", @"a-z", @"[a-z]"),
        (@"\p{Space}", @" \t\n\x0B\f\r", @"[ \t\n\x0B\f\r]"),
        (@"\p{LD}", @"\p{L}\p{Nd}", @"[\p{L}\p{Nd}]"),
        // Java's shorthand classes are ASCII-only (no UNICODE_CHARACTER_CLASS flag); .NET's are Unicode.
        (@"\d", @"0-9", @"[0-9]"),
        (@"\w", @"a-zA-Z_0-9", @"[a-zA-Z_0-9]"),
        (@"\s", @" \t\n\x0B\f\r", @"[ \t\n\x0B\f\r]"),
        (@"\D", @"\D", @"[^0-9]"),
        (@"\W", @"\W", @"[^a-zA-Z_0-9]"),
        (@"\S", @"\S", @"[^ \t\n\x0B\f\r]"),
    ];

    /// <summary>Java's '.' matches anything but its line terminators; .NET's only excludes '\n'.</summary>
    private const string JavaDot = @"[^\n\r\u0085\u2028\u2029]";

    /// <summary>A model pattern as AWS applies it: Java's <c>String.matches</c>, i.e. the whole value must match
    /// (a pattern without <c>^…$</c> is not a substring search). <c>\z</c> rather than <c>$</c>, because .NET's
    /// <c>$</c> also matches before a trailing newline, which Java's whole-value match does not accept.</summary>
    public static Regex WholeValue(string java) =>
        new("^(?:" + ToDotNet(java) + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static string ToDotNet(string java)
    {
        var sb = new StringBuilder(java.Length + 16);
        var depth = 0;
        for (var i = 0; i < java.Length; i++)
        {
            var c = java[i];
            if (c == '\\' && i + 1 < java.Length)
            {
                var replaced = false;
                foreach (var (j, inside, outside) in Classes)
                {
                    if (string.CompareOrdinal(java, i, j, 0, j.Length) == 0)
                    {
                        sb.Append(depth > 0 ? inside : outside);
                        i += j.Length - 1;
                        replaced = true;
                        break;
                    }
                }
                // Java lets any non-alphanumeric character be escaped; .NET rejects escaped word characters like \_.
                if (!replaced && java[i + 1] == '_') { sb.Append('_'); i++; }
                else if (!replaced) { sb.Append(c).Append(java[i + 1]); i++; }
                continue;
            }
            if (c == '.' && depth == 0) { sb.Append(JavaDot); continue; }
            if (c == '[') depth++;
            else if (c == ']' && depth > 0) depth--;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
