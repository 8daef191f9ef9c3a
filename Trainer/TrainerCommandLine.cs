using System.CommandLine;
using Battleship.Trainer.Evaluation;
using Battleship.Trainer.Training;

namespace Battleship.Trainer;

/// <summary>The trainer's command line: one subcommand per job.</summary>
public static class TrainerCommandLine
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Build() =>
        new("Battleship reinforcement-learning tool: trains DQN agents by self-play and evaluates agents.")
        {
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            Cluster.TrainerSiloHosting.CreateCommand(),
            Cluster.SubmitCommand.Create(),
            Cluster.DecisionTimeCommand.Create(),
        };
}
