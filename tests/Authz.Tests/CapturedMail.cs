using System.Collections.Concurrent;
using Authz.Grains.Domain;
using Authz.Grains.Messaging;
using Microsoft.AspNetCore.WebUtilities;

namespace Authz.Tests;

/// <summary>Stands in for SMTP in the API tests: keeps every delivered message so a test can follow its link.</summary>
public sealed class CapturedMail : IMessageSender
{
    private readonly ConcurrentQueue<OutgoingMessage> _messages = new();

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<OutgoingMessage> To(string email) =>
        _messages.Where(message => string.Equals(message.To, email, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>The newest message of the kind to the address, waiting a little for the outbox to deliver it.</summary>
    public async Task<OutgoingMessage> LatestAsync(string email, MessageKind kind, int after = 0)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var matching = To(email).Where(message => message.Kind == kind).ToArray();
            if (matching.Length > after)
            {
                return matching[^1];
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no {kind} message reached {email}");
    }

    /// <summary>The organization, user and token of the link in a message.</summary>
    public static (string OrganizationId, string UserId, string Token) Link(OutgoingMessage message)
    {
        var url = message.Body.Split('\n').Single(line => line.StartsWith("http", StringComparison.Ordinal)).Trim();
        var query = QueryHelpers.ParseQuery(new Uri(url).Query);
        return (query["organization_id"]!, query["user_id"]!, query["token"]!);
    }
}
