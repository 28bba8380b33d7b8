using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace WorkSpacesEmulator.Protocol.Query;

/// <summary>The awsQuery protocol's XML (IAM, STS): <c>{Action}Response/{Action}Result</c> plus
/// <c>ResponseMetadata/RequestId</c>, and the <c>ErrorResponse/Error/{Type,Code,Message}</c> envelope. Unlike EC2's
/// dialect, list members are <c>&lt;member&gt;</c> elements. All text goes through <see cref="XmlWriter"/>.</summary>
public static class AwsQueryXml
{
    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, Indent = false, NewLineHandling = NewLineHandling.Entitize };

    public static string Response(string action, string xmlNamespace, string requestId, Action<XmlWriter>? result)
    {
        var text = new StringBuilder(512);
        using (var w = XmlWriter.Create(new StringWriter(text), Settings))
        {
            w.WriteStartElement(action + "Response", xmlNamespace);
            if (result is not null)
            {
                w.WriteStartElement(action + "Result");
                result(w);
                w.WriteEndElement();
            }
            w.WriteStartElement("ResponseMetadata");
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        return text.ToString();
    }

    public static string Error(string xmlNamespace, AwsException error, string requestId)
    {
        var text = new StringBuilder(256);
        using (var w = XmlWriter.Create(new StringWriter(text), Settings))
        {
            w.WriteStartElement("ErrorResponse", xmlNamespace);
            w.WriteStartElement("Error");
            w.WriteElementString("Type", error.StatusCode >= 500 ? "Receiver" : "Sender");
            w.WriteElementString("Code", error.Code);
            w.WriteElementString("Message", error.Message);
            w.WriteEndElement();
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
        }
        return text.ToString();
    }

    public static Task WriteErrorAsync(HttpContext http, string xmlNamespace, AwsException error, string requestId) =>
        ResponseWriter.WriteXmlAsync(http, error.StatusCode, requestId, Error(xmlNamespace, error, requestId));

    /// <summary><c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;…&lt;/name&gt;</c>.</summary>
    public static void Members<T>(this XmlWriter w, string name, IEnumerable<T> items, Action<XmlWriter, T> writeItem)
    {
        w.WriteStartElement(name);
        foreach (var item in items)
        {
            w.WriteStartElement("member");
            writeItem(w, item);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }
}
