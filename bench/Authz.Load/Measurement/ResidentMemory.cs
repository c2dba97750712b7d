using System.Diagnostics;
using System.Globalization;

namespace Authz.Load.Measurement;

public static class ResidentMemory
{
    private const string ResidentLinePrefix = "VmRSS:";

    /// <summary>
    /// The resident memory of a process in bytes: VmRSS from /proc/{pid}/status on Linux, <see cref="Process.WorkingSet64"/>
    /// elsewhere; null when the process is gone (or, on Linux, a zombie without memory).
    /// </summary>
    public static long? Of(int processId) => OperatingSystem.IsLinux() ? FromProcStatus(processId) : FromProcess(processId);

    private static long? FromProcStatus(int processId)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{processId}/status");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var line in lines)
        {
            if (line.StartsWith(ResidentLinePrefix, StringComparison.Ordinal))
            {
                var kibibytes = line.AsSpan(ResidentLinePrefix.Length).Trim().TrimEnd("kB").Trim();
                return long.TryParse(kibibytes, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value * 1024 : null;
            }
        }

        return null;
    }

    private static long? FromProcess(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited ? null : process.WorkingSet64;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
