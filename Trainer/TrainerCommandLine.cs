using System.CommandLine;
using Battleship.Trainer.Evaluation;

namespace Battleship.Trainer;

/// <summary>The trainer's command line: one subcommand per job.</summary>
public static class TrainerCommandLine
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Build() =>
        new("Battleship reinforcement-learning tool: evaluates agents (training arrives with the trainer silo).")
        {
            EvaluateCommand.Create(),
        };
}
