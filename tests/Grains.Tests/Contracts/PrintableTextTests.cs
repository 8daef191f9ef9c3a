namespace Battleship.Grains.Tests.Contracts;

public class PrintableTextTests
{
    [Fact]
    public void Require_TextWithSpacesAround_ReturnsItTrimmed()
    {
        var text = PrintableText.Require("  Harbour  ", 10, "A room name");

        Assert.Equal("Harbour", text);
    }

    [Fact]
    public void Require_TextOfExactlyTheLimit_IsAccepted()
    {
        var text = PrintableText.Require(new string('x', 5), 5, "A name");

        Assert.Equal(new string('x', 5), text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abcdef")]
    [InlineData("ab\ncd")]
    [InlineData("ab\u0007")]
    public void Require_BlankTooLongOrControlCharacters_IsAValidationError(string? text)
    {
        var error = Assert.Throws<BattleshipException>(() => PrintableText.Require(text, 5, "A room name"));

        Assert.Equal(ErrorCode.Validation, error.Code);
        Assert.Equal("A room name has 1 to 5 printable characters.", error.Message);
    }
}
