using System.Collections;
using System.Collections.Concurrent;
using Buf.Validate;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Authz.Gateway;

/// <summary>
/// The size rules a message's proto declares (<c>string.max_len</c>, <c>repeated.max_items</c>, and <c>max_len</c> on
/// the items of a repeated string), checked by plain code. ProtoValidate evaluates each through its CEL interpreter,
/// about 120 µs and 130 KB a Check request; these are the rules every request carries. A message that declares
/// any other rule, here or below, is not <see cref="IsComplete"/> and goes to ProtoValidate.
/// </summary>
internal sealed class DeclaredSizeRules
{
    private static readonly ConcurrentDictionary<MessageDescriptor, DeclaredSizeRules> Compiled = new();

    private readonly List<FieldSize> _fields = [];

    private DeclaredSizeRules()
    {
    }

    public bool IsComplete { get; private set; } = true;

    public static DeclaredSizeRules For(MessageDescriptor message) => Compiled.GetOrAdd(message, Compile);

    /// <summary>The path and message of the first field over its declared size, or null.</summary>
    public (string Field, string Message)? FirstViolation(IMessage message, string prefix = "")
    {
        foreach (var field in _fields)
        {
            var value = field.Descriptor.Accessor.GetValue(message);
            var path = prefix + field.Descriptor.Name;
            if (field.Descriptor.IsRepeated)
            {
                var items = (IList)value;
                if (field.MaxItems is { } maxItems && (ulong)items.Count > maxItems)
                {
                    return (path, $"value must contain no more than {maxItems} item(s)");
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (Check(field, items[i], $"{path}[{i}]") is { } violation)
                    {
                        return violation;
                    }
                }
            }
            else if (Check(field, value, path) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }

    private static (string Field, string Message)? Check(FieldSize field, object? value, string path) => value switch
    {
        string text when field.MaxLength is { } maxLength && IsLongerThan(text, maxLength) => (path, $"value length must be at most {maxLength} characters"),
        IMessage nested when field.Nested is { } rules => rules.FirstViolation(nested, path + "."),
        _ => null,
    };

    /// <summary>Counted in characters (code points), as protovalidate counts them; a UTF-16 length within the bound settles it.</summary>
    private static bool IsLongerThan(string text, ulong maxLength) =>
        (ulong)text.Length > maxLength && (ulong)text.EnumerateRunes().Count() > maxLength;

    private static DeclaredSizeRules Compile(MessageDescriptor message)
    {
        var compiled = new DeclaredSizeRules();
        compiled.IsComplete = message.GetOptions()?.GetExtension(ValidateExtensions.Message) is null;
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var rules = field.GetOptions()?.GetExtension(ValidateExtensions.Field);
            var size = FieldSize.Of(field, rules);
            compiled.IsComplete &= size.CoversAll;
            if (field.FieldType == FieldType.Message && !field.MessageType.File.Package.StartsWith("google.", StringComparison.Ordinal))
            {
                var nested = For(field.MessageType);
                compiled.IsComplete &= nested.IsComplete;
                size = size with { Nested = nested };
            }

            if (size.MaxLength is not null || size.MaxItems is not null || size.Nested is not null)
            {
                compiled._fields.Add(size);
            }
        }

        return compiled;
    }

    private sealed record FieldSize(FieldDescriptor Descriptor, ulong? MaxLength, ulong? MaxItems, bool CoversAll)
    {
        public DeclaredSizeRules? Nested { get; init; }

        public static FieldSize Of(FieldDescriptor field, FieldRules? rules)
        {
            if (rules is null)
            {
                return new FieldSize(field, null, null, true);
            }

            var onlySize = new FieldRules();
            ulong? maxLength = null;
            ulong? maxItems = null;
            if (field.IsRepeated && rules.Repeated is { } repeated)
            {
                maxItems = repeated.HasMaxItems ? repeated.MaxItems : null;
                maxLength = repeated.Items?.String is { HasMaxLen: true } items ? items.MaxLen : null;
                onlySize.Repeated = new RepeatedRules();
                if (maxItems is { } count)
                {
                    onlySize.Repeated.MaxItems = count;
                }

                if (maxLength is { } length)
                {
                    onlySize.Repeated.Items = new FieldRules { String = new StringRules { MaxLen = length } };
                }
            }
            else if (rules.String is { HasMaxLen: true } text)
            {
                maxLength = text.MaxLen;
                onlySize.String = new StringRules { MaxLen = text.MaxLen };
            }

            // Any rule besides these sizes leaves the message to ProtoValidate.
            return new FieldSize(field, maxLength, maxItems, rules.Equals(onlySize));
        }
    }
}
