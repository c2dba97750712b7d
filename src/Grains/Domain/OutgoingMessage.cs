namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.MessageKind")]
public enum MessageKind
{
    Activation = 1,
    ActivationReminder = 2,
    ActivationConfirmation = 3,
    PasswordReset = 4,
}

/// <summary>An e-mail waiting in an organization's outbox.</summary>
[GenerateSerializer, Immutable, Alias("authz.OutgoingMessage")]
public sealed record OutgoingMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] MessageKind Kind,
    [property: Id(2)] string UserId,
    [property: Id(3)] string To,
    [property: Id(4)] string Subject,
    [property: Id(5)] string Body,
    [property: Id(6)] DateTimeOffset CreateTime);

/// <summary>The texts of the messages the service sends (USR-2..4).</summary>
public static class Messages
{
    public static OutgoingMessage ForLink(string organizationId, UserProfile user, IssuedLink link, string linkBaseUrl, bool reminder, DateTimeOffset now)
    {
        var url = $"{linkBaseUrl.TrimEnd('/')}/{(link.Purpose == LinkPurpose.Activation ? "activate" : "reset-password")}"
            + $"?organization_id={Uri.EscapeDataString(organizationId)}&user_id={Uri.EscapeDataString(user.UserId)}&token={Uri.EscapeDataString(link.Token)}";
        var (kind, subject, action) = link.Purpose switch
        {
            LinkPurpose.Activation when reminder => (MessageKind.ActivationReminder, "Reminder: activate your account", "activate your account"),
            LinkPurpose.Activation => (MessageKind.Activation, "Activate your account", "activate your account"),
            _ => (MessageKind.PasswordReset, "Reset your password", "choose a new password"),
        };
        var body = $"Hello {user.GivenName},\n\nFollow this link to {action} in organization '{organizationId}':\n{url}\n\n"
            + $"The link is valid until {link.ExpireTime:yyyy-MM-dd HH:mm} UTC and works once; a newer link replaces it.\n";
        return new OutgoingMessage(Ids.NewId(), kind, user.UserId, user.Email, subject, body, now);
    }

    public static OutgoingMessage Confirmation(string organizationId, UserProfile user, DateTimeOffset now) =>
        new(Ids.NewId(), MessageKind.ActivationConfirmation, user.UserId, user.Email, "Your account is active",
            $"Hello {user.GivenName},\n\nyour account in organization '{organizationId}' is now active.\n", now);
}
