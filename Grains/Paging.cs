using Battleship.Grains.Models;

namespace Battleship.Grains;

/// <summary>Validation and slicing of pages.</summary>
internal static class Paging
{
    public static void Validate(int pageNumber, int pageSize)
    {
        if (pageNumber < 1 || pageSize < 1 || pageSize > Page<object>.MaxPageSize)
        {
            throw new BattleshipException(
                ErrorCode.Validation,
                $"Pages are numbered from 1 and hold 1 to {Page<object>.MaxPageSize} items."
            );
        }
    }

    public static Page<T> Of<T>(IReadOnlyList<T> all, int pageNumber, int pageSize) =>
        new([.. all.Skip((pageNumber - 1) * pageSize).Take(pageSize)], pageNumber, pageSize, all.Count);
}
