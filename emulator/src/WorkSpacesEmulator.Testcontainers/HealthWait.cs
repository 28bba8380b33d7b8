using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace WorkSpacesEmulator.Testcontainers;

/// <summary>Ready when GET /_emulator/health answers 200 — on the mapped port, or on the host port with host networking
/// (where Testcontainers' own HTTP wait cannot find a mapped port).</summary>
internal sealed class HealthWait : IWaitUntil
{
    public WorkSpacesEmulatorContainer? Emulator { get; set; }

    public async Task<bool> UntilAsync(IContainer container)
    {
        if (container.State is TestcontainersStates.Exited or TestcontainersStates.Dead)
        {
            var (stdout, stderr) = await container.GetLogsAsync();
            throw new InvalidOperationException($"The emulator container exited:\n{stdout}\n{stderr}");
        }
        return Emulator is not null && await Emulator.IsHealthyAsync();
    }
}
