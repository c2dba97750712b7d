using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using MimeKit;

namespace Authz.Tests.Smtp;

/// <summary>
/// A real SMTP server on loopback: <c>smtp_sink.py</c> (aiosmtpd) run by python3, which writes every message it
/// receives to a directory of its own as a raw <c>.eml</c> file; the test reads them back with MimeKit.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string Package = "python3-aiosmtpd";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private const int MaxPolls = 150; // 15 s

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private SmtpSink(Process process, string directory)
    {
        _process = process;
        MailDirectory = directory;
    }

    /// <summary>Where the sink writes the messages it receives.</summary>
    public string MailDirectory { get; }

    public int Port { get; private set; }

    /// <summary>What the sink wrote to standard error so far (aiosmtpd logs there).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The first python3 that can import aiosmtpd (the one on PATH, else Debian's), or null.</summary>
    public static async Task<string?> FindPythonAsync()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            if (await CanImportAiosmtpdAsync(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts the sink on 127.0.0.1 on a port the system picks, and waits until it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync(string python)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Smtp", "smtp_sink.py");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException("the SMTP sink script was not copied to the test output", script);
        }

        var directory = Path.Combine(Path.GetTempPath(), $"authz-smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(python)
        {
            ArgumentList = { "-u", script, directory },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start");
        var sink = new SmtpSink(process, directory);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (sink._errors)
                {
                    sink._errors.AppendLine(line.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal) || !int.TryParse(ready.AsSpan(6), out var port))
            {
                throw new InvalidOperationException($"the SMTP sink did not start (said '{ready}'):\n{sink.Errors}");
            }

            sink.Port = port;
            return sink;
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync()
    {
        var messages = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(MailDirectory, "*.eml").Order(StringComparer.Ordinal))
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }

        return messages;
    }

    /// <summary>The newest message to <paramref name="to"/> with the subject, waiting up to 15 s for it to arrive.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string subject)
    {
        IReadOnlyList<MimeMessage> messages = [];
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            messages = await MessagesAsync();
            var match = messages.LastOrDefault(message => message.Subject == subject
                && message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, to, StringComparison.OrdinalIgnoreCase)));
            if (match is not null)
            {
                return match;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(PollInterval);
        }

        var received = string.Join("\n", messages.Select(message => $"  {message.To} '{message.Subject}'"));
        throw new TimeoutException(
            $"no '{subject}' message to {to} reached the SMTP sink on port {Port} (sink running: {!_process.HasExited});"
            + $" received:\n{received}\nsink errors:\n{Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing standard input stops the sink; killing it makes sure.
                _process.StandardInput.Close();
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception error) when (error is InvalidOperationException or OperationCanceledException or IOException)
        {
            // Already gone, or would not die in time: nothing more a test can do.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(MailDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<bool> CanImportAiosmtpdAsync(string python)
    {
        var probe = new ProcessStartInfo(python)
        {
            ArgumentList = { "-c", "import aiosmtpd.smtp" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(probe);
            if (process is null)
            {
                return false;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                await drain;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // no such executable
        }
    }
}
