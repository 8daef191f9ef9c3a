namespace Battleship.Grains.Tests.Contracts;

public class PagingTests
{
    [Fact]
    public void Check_NothingAskedFor_IsTheFirstPageOfTheDefaultSize()
    {
        var page = Paging.Check(null, null);

        Assert.Equal((1, Limits.DefaultPageSize), page);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, Limits.MaxPageSize + 1)]
    public void Check_OutOfRange_IsAValidationError(int pageNumber, int pageSize)
    {
        var error = Assert.Throws<BattleshipException>(() => Paging.Check(pageNumber, pageSize));

        Assert.Equal(ErrorCode.Validation, error.Code);
        Assert.Equal($"Pages are numbered from 1 and hold 1 to {Limits.MaxPageSize} items.", error.Message);
    }

    [Fact]
    public void Check_TheLargestPage_IsAccepted()
    {
        var page = Paging.Check(3, Limits.MaxPageSize);

        Assert.Equal((3, Limits.MaxPageSize), page);
    }

    [Fact]
    public void Of_SecondPage_HoldsTheItemsAfterTheFirst_AndTheTotal()
    {
        var page = Paging.Of([1, 2, 3, 4, 5], 2, 2);

        Assert.Equal([3, 4], page.Items);
        Assert.Equal((2, 2, 5), (page.PageNumber, page.PageSize, page.TotalCount));
    }

    [Fact]
    public void Map_MapsTheItems_AndKeepsTheCounts()
    {
        var page = new Page<int>([1, 2], 3, 2, 6);

        var mapped = page.Map(i => i * 10);

        Assert.Equal([10, 20], mapped.Items);
        Assert.Equal((3, 2, 6), (mapped.PageNumber, mapped.PageSize, mapped.TotalCount));
    }
}
