using Battleship.Db.Archive;
using Battleship.Db.Archive.Entities;
using Battleship.Grains.Models;

namespace Battleship.Db.Tests.Archive;

public class ArchiveModelsTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Participant_FromTheUserColumn_IsAUser_AndGoesBackToTheSameColumns()
    {
        var id = Guid.NewGuid();

        var participant = ArchiveModels.Participant(id, null);

        Assert.Equal(ParticipantRef.User(id), participant);
        Assert.Equal((id, (Guid?)null), (ArchiveModels.UserId(participant), ArchiveModels.AgentId(participant)));
    }

    [Fact]
    public void Participant_FromTheAgentColumn_IsAnAgent_AndGoesBackToTheSameColumns()
    {
        var id = Guid.NewGuid();

        var participant = ArchiveModels.Participant(null, id);

        Assert.Equal(ParticipantRef.Agent(id), participant);
        Assert.Equal(((Guid?)null, id), (ArchiveModels.UserId(participant), ArchiveModels.AgentId(participant)));
    }

    [Fact]
    public void Participant_WithNeitherColumn_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => ArchiveModels.Participant(null, null));
    }

    [Fact]
    public void TrainingJob_ViewToRecordToRow_KeepsNameProgressAndError()
    {
        var progress = new TrainingProgress(1200, 5000, 40, 0.1, 0.02, 61.0, 350.0, Epoch);
        var view = new TrainingJobView(
            Guid.NewGuid(),
            "sonar",
            Guid.NewGuid(),
            TrainingJobStatus.Failed,
            null,
            progress,
            [progress],
            "/ckpt/best.pt",
            58.5,
            null,
            "NaN loss",
            "trainer-1",
            Epoch,
            Epoch.AddMinutes(1),
            Epoch.AddHours(1)
        );

        var record = ArchiveModels.TrainingJobRecord(view);
        var row = new TrainingJobRow { Id = record.Id, CreatedAt = record.CreatedAt };
        ArchiveModels.Write(record, row);
        var summary = ArchiveModels.TrainingJobSummary(row);
        var archived = ArchiveModels.TrainingJobView(row);

        Assert.Equal("{}", record.Config);
        Assert.Equal(
            new TrainingJobSummary(
                view.Id,
                "sonar",
                view.OwnerId,
                TrainingJobStatus.Failed,
                progress,
                58.5,
                null,
                "NaN loss",
                Epoch,
                Epoch.AddMinutes(1),
                Epoch.AddHours(1)
            ),
            summary
        );
        Assert.Equal(view with { ConfigJson = "{}", History = archived.History, Silo = null }, archived);
        Assert.Empty(archived.History);
    }

    [Fact]
    public void RoomSnapshot_OfAClosedRoom_IsClosedNow_AndOfAnOpenRoomIsNot()
    {
        var room = new RoomView(Guid.NewGuid(), "Harbour", Guid.NewGuid(), false, RoomStatus.Open, [], [], 8, null, null, Epoch, 1, 60);

        var open = ArchiveModels.RoomSnapshot(room, Epoch.AddHours(2));
        var closed = ArchiveModels.RoomSnapshot(room with { Status = RoomStatus.Closed }, Epoch.AddHours(2));

        Assert.Null(open.ClosedAt);
        Assert.Equal(Epoch.AddHours(2), closed.ClosedAt);
    }
}
