using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>Engine calls and label helpers shared by the desktop runtime and the domain-controller runtime
/// (Directories/Docker), so both clean up, filter and report engine errors the same way.</summary>
internal static class DockerCommon
{
    public static async Task RemoveContainerAsync(DockerClient docker, string nameOrId, CancellationToken ct)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(nameOrId, new ContainerRemoveParameters { Force = true }, ct);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // "removal already in progress" (a concurrent force-remove): it will be gone either way.
        }
    }

    public static async Task RemoveVolumeAsync(DockerClient docker, string name, CancellationToken ct)
    {
        try
        {
            await docker.Volumes.RemoveAsync(name, force: true, ct);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Copies one volume's content over another's with a short-lived helper container of `image`
    /// (Docker has no volume copy; the caller passes an image it knows is present).</summary>
    public static async Task CopyVolumeAsync(DockerClient docker, string image, string helperName, IDictionary<string, string> labels,
        string from, string to, CancellationToken ct)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{helperName}-copy-{Guid.NewGuid().ToString("N")[..8]}",
            Image = image,
            Entrypoint = ["/bin/sh", "-c"],
            // Globs that match nothing stay literal and rm -f ignores them; cp -a keeps owners and modes.
            Cmd = ["rm -rf /to/* /to/.[!.]* /to/..?* && cp -a /from/. /to/"],
            Labels = labels,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Mounts =
                [
                    new Mount { Type = "volume", Source = from, Target = "/from", ReadOnly = true },
                    new Mount { Type = "volume", Source = to, Target = "/to" },
                ],
            },
        }, ct);
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            var result = await docker.Containers.WaitContainerAsync(created.ID, ct);
            if (result.StatusCode != 0)
                throw new InvalidOperationException($"copying volume {from} to {to} failed with exit code {result.StatusCode}");
        }
        finally
        {
            await RemoveContainerAsync(docker, created.ID, CancellationToken.None);
        }
    }

    /// <summary>The labels every object of this emulator instance carries, plus the role.</summary>
    public static Dictionary<string, string> BaseLabels(string instance, string role) => new()
    {
        [DockerNames.LabelManaged] = "true",
        [DockerNames.LabelInstance] = instance,
        [DockerNames.LabelRole] = role,
    };

    public static Dictionary<string, IDictionary<string, bool>> InstanceFilter(string instance) => new()
    {
        ["label"] = new Dictionary<string, bool>
        {
            [$"{DockerNames.LabelManaged}=true"] = true,
            [$"{DockerNames.LabelInstance}={instance}"] = true,
        },
    };

    public static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    public static bool IsEngineUnreachable(Exception e, CancellationToken ct) =>
        e is HttpRequestException or System.Net.Sockets.SocketException or IOException or TimeoutException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    public static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    public static string Body(DockerApiException e)
    {
        // The engine answers {"message":"..."}; show just the message.
        var body = e.ResponseBody ?? e.Message;
        const string key = "\"message\":\"";
        var i = body.IndexOf(key, StringComparison.Ordinal);
        return i < 0 ? body.Trim() : body[(i + key.Length)..].TrimEnd('}', '"', '\n', ' ');
    }
}
