using Authz.Grains.Domain;

namespace Authz.Grains.Messaging;

/// <summary>Delivers one e-mail; throws if it could not, so the outbox keeps it and tries again.</summary>
public interface IMessageSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>Where links in messages point: the console page that calls the API with the token.</summary>
public sealed class MessageOptions
{
    public const string Section = "Messages";

    public string LinkBaseUrl { get; set; } = "http://localhost:8080";
}
