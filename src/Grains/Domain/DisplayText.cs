using System.Buffers;
using System.Globalization;
using System.Text;

namespace Authz.Grains.Domain;

/// <summary>
/// Names people read: role, unit, organization, team folder, API key and legal hold names, users' given and family
/// names. A name is stored NFKC-normalized and trimmed, and refused when it holds what a reader cannot see or that
/// changes how the rest is shown: control and format characters (bidirectional overrides, zero-width characters, the
/// byte order mark), line separators, unpaired surrogates, private-use or unassigned code points, blank fillers; or
/// when nothing visible is left. Names that must be unique are compared on <see cref="UniquenessKey"/>.
/// </summary>
public static class DisplayText
{
    // NFKC can expand a character to up to 18 (U+FDFA); anything longer than this cannot normalize to a valid name.
    private const int MaxExpansion = 18;

    // Blank letters and symbols outside the format category that render as nothing (Hangul and braille fillers,
    // the combining grapheme joiner, Khmer inherent vowels, Mongolian free variation selectors).
    private static readonly SearchValues<char> Blanks = SearchValues.Create(
        "\u034F\u115F\u1160\u17B4\u17B5\u180B\u180C\u180D\u180F\u2800\u3164\uFFA0");

    // Variation selectors choose a glyph of the character before them; they never make a different name.
    private static readonly SearchValues<char> VariationSelectors = SearchValues.Create(
        "\uFE00\uFE01\uFE02\uFE03\uFE04\uFE05\uFE06\uFE07\uFE08\uFE09\uFE0A\uFE0B\uFE0C\uFE0D\uFE0E\uFE0F");

    /// <summary>
    /// Cyrillic and Greek letters drawn like a Latin letter, mapped to that letter: the subset of Unicode TR39's
    /// confusables (confusables.txt) for the scripts names here mix. No maintained .NET package offers TR39
    /// skeletons (ICU4N is alpha), and this subset is what a name in Latin, Cyrillic or Greek can be spoofed with.
    /// Mapped before case folding, as TR39 does, because some capitals and small letters look like different letters
    /// (Greek Η is H, η is n).
    /// </summary>
    private static readonly Dictionary<char, char> LatinLookalikes = new()
    {
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['Ѕ'] = 'S', ['І'] = 'I', ['Ј'] = 'J', ['К'] = 'K', ['М'] = 'M',
        ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P', ['С'] = 'C', ['Т'] = 'T', ['Х'] = 'X', ['У'] = 'Y', ['Ү'] = 'Y',
        ['Ԛ'] = 'Q', ['Ԝ'] = 'W', ['Ӏ'] = 'l', ['ӏ'] = 'l',
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x', ['ѕ'] = 's',
        ['і'] = 'i', ['ј'] = 'j', ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w', ['һ'] = 'h', ['ү'] = 'y',
        ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ζ'] = 'Z', ['Η'] = 'H', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M',
        ['Ν'] = 'N', ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Υ'] = 'Y', ['Χ'] = 'X',
        ['α'] = 'a', ['γ'] = 'y', ['η'] = 'n', ['ι'] = 'i', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p', ['υ'] = 'u',
        ['χ'] = 'x', ['ϲ'] = 'c', ['ϳ'] = 'j',
    };

    /// <summary>The name as stored; InvalidArgument naming <paramref name="field"/> when it is not one (see the class).</summary>
    public static string Require(string? value, string field, int maxLength = Ids.MaxDisplayNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DomainException.Invalid(field, $"{field} is required");
        }

        if (value.Length > maxLength * MaxExpansion)
        {
            throw TooLong(field, maxLength);
        }

        if (FirstUnpairedSurrogate(value) is { } at)
        {
            throw DomainException.Invalid(field, $"{field} holds an unpaired surrogate (U+{(int)value[at]:X4}) at {at}");
        }

        var text = value.Normalize(NormalizationForm.FormKC).Trim();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsHidden(rune))
            {
                throw DomainException.Invalid(field, $"{field} must not hold invisible, control or format characters such as U+{rune.Value:X4}");
            }
        }

        if (!text.EnumerateRunes().Any(IsVisible))
        {
            throw DomainException.Invalid(field, $"{field} must hold at least one visible character");
        }

        if (text.Length > maxLength)
        {
            throw TooLong(field, maxLength);
        }

        return text;
    }

    /// <summary>
    /// What two names that must differ are compared on: NFKC, Latin look-alikes mapped to Latin, variation selectors
    /// dropped, runs of spaces made one, case folded. Names with equal keys read as the same name.
    /// </summary>
    public static string UniquenessKey(string name)
    {
        var key = new StringBuilder(name.Length);
        var lastWasSpace = false;
        foreach (var c in name.Normalize(NormalizationForm.FormKC).Trim())
        {
            if (VariationSelectors.Contains(c) || (char.IsWhiteSpace(c) && lastWasSpace))
            {
                continue;
            }

            lastWasSpace = char.IsWhiteSpace(c);
            key.Append(lastWasSpace ? ' ' : LatinLookalikes.GetValueOrDefault(c, c));
        }

        return key.ToString().ToLowerInvariant();
    }

    private static bool IsHidden(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
        || (rune.IsBmp && Blanks.Contains((char)rune.Value));

    private static bool IsVisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.SpaceSeparator or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark);

    private static int? FirstUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static DomainException TooLong(string field, int maxLength) =>
        DomainException.Invalid(field, $"{field} must be at most {maxLength} characters");
}
