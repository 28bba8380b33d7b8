using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>Writes EC2 query-protocol XML: the <c>{Action}Response</c> envelope in the 2016-11-15 namespace and
/// the <c>&lt;Response&gt;&lt;Errors&gt;</c> error envelope. Everything goes through <see cref="XmlWriter"/> so
/// user-supplied text (tag values, descriptions) is always escaped.</summary>
public static class QueryXml
{
    public const string Ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

    // EC2 writes the declaration itself (double quotes, upper-case UTF-8) followed by a newline; XmlWriter
    // over a string would claim utf-16, so the declaration is written by hand and the writer omits it.
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        NewLineHandling = NewLineHandling.Entitize,
        CheckCharacters = true, // every text goes through XmlSafeText.Sanitize first, so the writer never meets an invalid character
    };

    /// <summary>Builds <c>&lt;{action}Response xmlns=…&gt;&lt;requestId/&gt;…body…&lt;/{action}Response&gt;</c>.</summary>
    public static string Response(string action, string requestId, Action<XmlWriter> body)
    {
        var text = new StringBuilder(512).Append(Declaration);
        using (var writer = XmlWriter.Create(new StringWriter(text), Settings))
        {
            writer.WriteStartElement(action + "Response", Ec2Namespace);
            writer.WriteElementString("requestId", Ec2Namespace, requestId);
            body(writer);
            writer.WriteEndElement();
        }
        return text.ToString();
    }

    /// <summary>EC2's error envelope (no namespace): Response/Errors/Error/{Code,Message} and RequestID.</summary>
    public static string Error(string code, string message, string requestId)
    {
        var text = new StringBuilder(256).Append(Declaration);
        using (var writer = XmlWriter.Create(new StringWriter(text), Settings))
        {
            writer.WriteStartElement("Response");
            writer.WriteStartElement("Errors");
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", XmlSafeText.Sanitize(code));
            writer.WriteElementString("Message", XmlSafeText.Sanitize(message));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteElementString("RequestID", requestId);
            writer.WriteEndElement();
        }
        return text.ToString();
    }

    public static Task WriteErrorAsync(HttpContext http, AwsException error, string requestId) =>
        ResponseWriter.WriteXmlAsync(http, error.StatusCode, requestId, Error(error.Code, error.Message, requestId));

    // Element helpers: children inherit the default namespace opened by Response(), so plain local names are
    // written without any xmlns attribute.

    public static void Element(this XmlWriter w, string name, string? value)
    {
        if (value is null) return; // EC2 omits absent members
        w.WriteStartElement(name);
        w.WriteString(XmlSafeText.Sanitize(value));
        w.WriteEndElement();
    }

    public static void Element(this XmlWriter w, string name, bool value) => w.Element(name, value ? "true" : "false");

    public static void Element(this XmlWriter w, string name, long value) =>
        w.Element(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary><c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;…&lt;/name&gt;</c>; an empty list is written as an empty element, as EC2 does.</summary>
    public static void Set<T>(this XmlWriter w, string name, IEnumerable<T> items, Action<XmlWriter, T> writeItem)
    {
        w.WriteStartElement(name);
        foreach (var item in items)
        {
            w.WriteStartElement("item");
            writeItem(w, item);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    /// <summary>A nested structure <c>&lt;name&gt;…&lt;/name&gt;</c>.</summary>
    public static void Struct(this XmlWriter w, string name, Action<XmlWriter> members)
    {
        w.WriteStartElement(name);
        members(w);
        w.WriteEndElement();
    }
}
