using System.Diagnostics;
using System.Globalization;

namespace Authz.Load.Measurement;

/// <summary>
/// A live progress line for long phases: rewritten in place about every second when the output is a terminal,
/// a plain line every five seconds when it is redirected; the in-place line is cleared when disposed.
/// <see cref="Report"/> is cheap to call often (it writes only when a line is due) and may be called from any thread.
/// </summary>
public sealed class ProgressLine : IDisposable
{
    private static readonly TimeSpan InteractiveInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);

    private readonly string _name;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly long _intervalTimestampTicks;
    private readonly long _startTimestamp;
    private readonly Lock _writing = new();
    private long _nextLineTimestamp;
    private int _shownLength;
    private bool _disposed;

    /// <summary>Progress of <paramref name="name"/> on <paramref name="output"/>, standard error by default.</summary>
    public ProgressLine(string name, TextWriter? output = null)
        : this(name, output ?? Console.Error, IsInteractive(output ?? Console.Error), interval: null)
    {
    }

    /// <summary>
    /// Progress with the mode chosen by the caller: <paramref name="interactive"/> rewrites one line in place,
    /// otherwise whole lines; <paramref name="interval"/> overrides the time between lines.
    /// </summary>
    internal ProgressLine(string name, TextWriter output, bool interactive, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(output);
        _name = name;
        _output = output;
        _interactive = interactive;
        var between = interval ?? (interactive ? InteractiveInterval : RedirectedInterval);
        _intervalTimestampTicks = (long)(between.TotalSeconds * Stopwatch.Frequency);
        _startTimestamp = Stopwatch.GetTimestamp();
        _nextLineTimestamp = _startTimestamp + _intervalTimestampTicks;
    }

    /// <summary>Shows the figures so far if a line is due; <paramref name="total"/> is the number of items expected, when known.</summary>
    public void Report(long items, long errors = 0, long mismatches = 0, long? total = null)
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _nextLineTimestamp))
        {
            return;
        }

        lock (_writing)
        {
            if (_disposed || now < _nextLineTimestamp)
            {
                return;
            }

            var line = Format(items, errors, mismatches, total, Stopwatch.GetElapsedTime(_startTimestamp, now));
            if (_interactive)
            {
                _output.Write('\r');
                _output.Write(line.PadRight(_shownLength));
                _shownLength = line.Length;
            }
            else
            {
                _output.WriteLine(line);
            }

            _output.Flush();
            Volatile.Write(ref _nextLineTimestamp, now + _intervalTimestampTicks);
        }
    }

    public void Dispose()
    {
        lock (_writing)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_interactive && _shownLength > 0)
            {
                _output.Write('\r');
                _output.Write(new string(' ', _shownLength));
                _output.Write('\r');
                _output.Flush();
            }
        }
    }

    private static bool IsInteractive(TextWriter output) => ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;

    private string Format(long items, long errors, long mismatches, long? total, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0 ? items / seconds : 0;
        var done = total is { } expected
            ? string.Create(CultureInfo.InvariantCulture, $"{items}/{expected}")
            : items.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{_name}: {done} items {rate:F0}/s errors {errors} mismatches {mismatches} {seconds:F0}s");
    }
}
