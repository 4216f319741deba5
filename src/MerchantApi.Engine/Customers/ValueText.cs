using System.Text;

namespace MerchantApi.Customers;

/// <summary>How a value appears inside a message: control characters escaped, long values shortened.</summary>
internal static class ValueText
{
    /// <summary>At most this many characters of a value are shown (plus "...").</summary>
    public const int MaxShown = 60;

    /// <summary>True for U+0000–U+001F (CR, LF, TAB included) and U+007F–U+009F.</summary>
    public static bool IsControl(char c) => c < '\u0020' || (c >= '\u007F' && c <= '\u009F');

    /// <summary>Index of the first control character, or -1.</summary>
    public static int IndexOfControl(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (IsControl(value[i]))
                return i;
        }
        return -1;
    }

    /// <summary>
    /// The value with control characters written as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\u0007</c>, cut to
    /// <see cref="MaxShown"/> characters followed by "..." when longer. Not quoted.
    /// </summary>
    public static string Show(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value.Length <= MaxShown && IndexOfControl(value) < 0)
            return value;

        var text = new StringBuilder(MaxShown + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var piece = c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when IsControl(c) => $"\\u{(int)c:x4}",
                _ => null,
            };
            var width = piece?.Length ?? (char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1);
            if (text.Length + width > MaxShown)
                return text.Append("...").ToString();
            if (piece is not null)
                text.Append(piece);
            else if (width == 2)
                text.Append(c).Append(value[++i]);
            else
                text.Append(c);
        }
        return text.ToString();
    }

    public static string Quote(string? value) => "'" + Show(value) + "'";
}
