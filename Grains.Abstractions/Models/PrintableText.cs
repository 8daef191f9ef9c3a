namespace Battleship.Grains.Models;

/// <summary>The one rule for names and lines that people type: 1 to N printable characters after trimming.</summary>
public static class PrintableText
{
    /// <summary>
    /// <paramref name="text"/> trimmed, when that has 1 to <paramref name="maxLength"/> characters
    /// and no control character; otherwise a <see cref="ErrorCode.Validation"/> error
    /// "<paramref name="what"/> has 1 to N printable characters."
    /// </summary>
    /// <param name="text">What the caller sent.</param>
    /// <param name="maxLength">The most characters allowed (a constant of <see cref="Limits"/>).</param>
    /// <param name="what">What the text is, for the error ("A room name").</param>
    /// <returns>The trimmed text.</returns>
    public static string Require(string? text, int maxLength, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > maxLength || trimmed.Any(char.IsControl))
        {
            throw new BattleshipException(ErrorCode.Validation, $"{what} has 1 to {maxLength} printable characters.");
        }
        return trimmed;
    }
}
