using System.Text;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>Which text XML 1.0 can carry: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and well-formed surrogate pairs.
/// Control characters cannot be written even as character references, so EC2 input refuses them and the XML writer
/// replaces any that still reach it, which keeps every EC2 answer well-formed.</summary>
public static class XmlSafeText
{
    /// <summary>Index of the first character XML cannot carry, or null.</summary>
    public static int? FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\t' or '\n' or '\r' || (c >= ' ' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD')) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            return i;
        }
        return null;
    }

    /// <summary><paramref name="text"/> with every character XML cannot carry replaced by U+FFFD.</summary>
    public static string Sanitize(string text)
    {
        if (FirstInvalid(text) is not { } first) return text;
        var sb = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            sb.Append(c is '\t' or '\n' or '\r' || (c >= ' ' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD') ? c : '\uFFFD');
        }
        return sb.ToString();
    }

    /// <summary>For messages: control characters shown as \uXXXX.</summary>
    public static string Printable(string text)
    {
        if (FirstInvalid(text) is null) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            if (c < ' ' && c is not ('\t' or '\n' or '\r') || char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        return sb.ToString();
    }
}
