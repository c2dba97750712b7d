using Buf.Validate;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Authz.Tests.Security;

/// <summary>
/// A string or repeated field a request can carry, reached through <paramref name="Chain"/> from the request, with
/// the <c>buf.validate</c> rules its proto declares.
/// </summary>
public sealed record DeclaredBound(MethodDescriptor Method, FieldDescriptor[] Chain)
{
    public FieldDescriptor Field => Chain[^1];

    public FieldRules? Rules => Field.GetOptions()?.GetExtension(ValidateExtensions.Field);

    /// <summary>The declared max_len of the string, or of each item of a repeated string; null when none is declared.</summary>
    public ulong? MaxLength => Field.FieldType != FieldType.String ? null
        : Field.IsRepeated ? Rules?.Repeated?.Items?.String is { HasMaxLen: true } items ? items.MaxLen : null
        : Rules?.String is { HasMaxLen: true } rules ? rules.MaxLen : null;

    /// <summary>The declared max_items of a repeated field; null when none is declared (or the field is not repeated).</summary>
    public ulong? MaxItems => Field.IsRepeated && Rules?.Repeated is { HasMaxItems: true } rules ? rules.MaxItems : null;

    /// <summary>The field's path as protovalidate and google.rpc.BadRequest name it, e.g. items[0].user_id.</summary>
    public string Path => string.Join('.', Chain[..^1].Select(step => step.IsRepeated ? $"{step.Name}[0]" : step.Name).Append(Field.Name));

    public override string ToString() => $"{Method.Name} {Path}";

    /// <summary>Every string and repeated field of every method's request, nested messages included (well-known types aside).</summary>
    public static IEnumerable<DeclaredBound> Of(IEnumerable<MethodDescriptor> methods) =>
        methods.SelectMany(method => Walk(method.InputType, []).Select(chain => new DeclaredBound(method, chain)));

    /// <summary>Sets the field of <paramref name="request"/> to <paramref name="value"/> (as the first item of a list), creating the messages on the way.</summary>
    public void SetString(IMessage request, string value) => Add(Parent(request), Field, value);

    /// <summary>Fills the repeated field with <paramref name="count"/> items: short strings, or empty messages.</summary>
    public void SetItems(IMessage request, int count)
    {
        var list = (System.Collections.IList)Field.Accessor.GetValue(Parent(request));
        for (var i = 0; i < count; i++)
        {
            list.Add(Field.FieldType switch
            {
                FieldType.String => "a",
                FieldType.Message => Activator.CreateInstance(Field.MessageType.ClrType),
                FieldType.Enum => Enum.ToObject(Field.EnumType.ClrType, 1),
                _ => throw new NotSupportedException(Field.FullName),
            });
        }
    }

    private IMessage Parent(IMessage request)
    {
        var message = request;
        foreach (var field in Chain[..^1])
        {
            if (field.IsRepeated)
            {
                var item = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                Add(message, field, item);
                message = item;
            }
            else
            {
                var next = (IMessage?)field.Accessor.GetValue(message);
                if (next is null)
                {
                    next = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                    field.Accessor.SetValue(message, next);
                }

                message = next;
            }
        }

        return message;
    }

    private static void Add(IMessage message, FieldDescriptor field, object value)
    {
        if (field.IsRepeated)
        {
            ((System.Collections.IList)field.Accessor.GetValue(message)).Insert(0, value);
        }
        else
        {
            field.Accessor.SetValue(message, value);
        }
    }

    private static IEnumerable<FieldDescriptor[]> Walk(MessageDescriptor message, FieldDescriptor[] prefix)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            FieldDescriptor[] chain = [.. prefix, field];
            if (field.FieldType == FieldType.String || field.IsRepeated)
            {
                yield return chain;
            }

            if (field.FieldType == FieldType.Message && !field.MessageType.File.Package.StartsWith("google.", StringComparison.Ordinal))
            {
                foreach (var nested in Walk(field.MessageType, chain))
                {
                    yield return nested;
                }
            }
        }
    }
}
