using Spectre.Console;

namespace Battleship.Trainer.Training;

/// <summary>The progress display of a training run, the same whether it runs here (<c>train</c>) or on a trainer silo (<c>submit</c>).</summary>
internal static class TrainingProgressBar
{
    public static Progress For(IAnsiConsole console) =>
        console
            .Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn()
            );
}
