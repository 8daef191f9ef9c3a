namespace Battleship.Grains.Models;

/// <summary>The paging rules of every list: pages numbered from 1, 1 to <see cref="Limits.MaxPageSize"/> items each.</summary>
public static class Paging
{
    /// <summary>The page and size asked for, with defaults (page 1, <see cref="Limits.DefaultPageSize"/> items); a validation error when out of range.</summary>
    /// <param name="pageNumber">The 1-based page, or null for the first.</param>
    /// <param name="pageSize">Items per page, or null for the default.</param>
    /// <returns>The checked page number and size.</returns>
    public static (int PageNumber, int PageSize) Check(int? pageNumber, int? pageSize)
    {
        var number = pageNumber ?? 1;
        var size = pageSize ?? Limits.DefaultPageSize;
        if (number < 1 || size < 1 || size > Limits.MaxPageSize)
        {
            throw new BattleshipException(ErrorCode.Validation, $"Pages are numbered from 1 and hold 1 to {Limits.MaxPageSize} items.");
        }
        return (number, size);
    }

    /// <summary>How many items come before page <paramref name="pageNumber"/> (a checked page).</summary>
    /// <param name="pageNumber">The 1-based page.</param>
    /// <param name="pageSize">Items per page.</param>
    /// <returns>The items to skip.</returns>
    public static int Skip(int pageNumber, int pageSize) => checked((pageNumber - 1) * pageSize);

    /// <summary>One page of a list held in memory.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="all">The whole list, in order.</param>
    /// <param name="pageNumber">The 1-based page (checked).</param>
    /// <param name="pageSize">Items per page (checked).</param>
    /// <returns>The page.</returns>
    public static Page<T> Of<T>(IReadOnlyList<T> all, int pageNumber, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(all);
        return new([.. all.Skip(Skip(pageNumber, pageSize)).Take(pageSize)], pageNumber, pageSize, all.Count);
    }

    /// <summary>The same page with its items mapped.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <typeparam name="TResult">The mapped item type.</typeparam>
    /// <param name="page">The page.</param>
    /// <param name="map">Maps one item.</param>
    /// <returns>The mapped page.</returns>
    public static Page<TResult> Map<T, TResult>(this Page<T> page, Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(map);
        return new([.. page.Items.Select(map)], page.PageNumber, page.PageSize, page.TotalCount);
    }
}
