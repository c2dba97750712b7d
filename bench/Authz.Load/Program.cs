using Authz.Load;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    press.Cancel = true;
    cancel.Cancel();
};

return await LoadTool.RunAsync(args, Console.Out, cancel.Token);
