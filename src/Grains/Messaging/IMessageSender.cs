using Authz.Grains.Domain;

namespace Authz.Grains.Messaging;

/// <summary>Delivers one e-mail; throws if it could not, so the outbox keeps it and tries again.</summary>
public interface IMessageSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>Where links in messages point. No console ships with the service: the operator's own serves them.</summary>
public sealed class MessageOptions
{
    public const string Section = "Messages";

    /// <summary>
    /// The base of activation and reset links, <c>{LinkBaseUrl}/activate</c> or <c>/reset-password</c> with
    /// <c>organization_id</c>, <c>user_id</c> and <c>token</c> in the query: a page of the operator's console that
    /// asks for a password and passes all four to <c>Sessions/RedeemLink</c>.
    /// </summary>
    public string LinkBaseUrl { get; set; } = "http://localhost:8080";
}
