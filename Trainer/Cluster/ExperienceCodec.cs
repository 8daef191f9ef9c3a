using System.IO.Compression;
using Battleship.Trainer.Dqn;

namespace Battleship.Trainer.Cluster;

/// <summary>
/// Transitions on the wire between a self-play worker and the learner: count, observation size,
/// cells of the hit probabilities, then the arrays (the hidden fleets as two 64-bit halves each, the
/// hit probabilities as half-precision floats, as the replay buffer keeps them), deflated (observations are mostly zeros and ones, so they shrink about tenfold).
/// </summary>
public static class ExperienceCodec
{
    /// <summary>Encodes <paramref name="batch"/>.</summary>
    public static byte[] Encode(TransitionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var output = new MemoryStream();
        using (var zip = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(zip))
        {
            writer.Write(batch.Count);
            writer.Write(batch.ObservationSize);
            writer.Write(batch.Cells);
            Write(writer, batch.Observations);
            Write(writer, batch.NextObservations);
            foreach (var action in batch.Actions)
            {
                writer.Write(action);
            }
            Write(writer, batch.Rewards);
            foreach (var done in batch.Dones)
            {
                writer.Write(done);
            }
            foreach (var ships in batch.Ships)
            {
                writer.Write((ulong)ships);
                writer.Write((ulong)(ships >> 64));
            }
            foreach (var probability in batch.HitProbabilities)
            {
                writer.Write((Half)probability);
            }
        }
        return output.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an encoded batch.</exception>
    public static TransitionBatch Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var input = new MemoryStream(bytes, writable: false);
        using var zip = new ZLibStream(input, CompressionMode.Decompress);
        using var reader = new BinaryReader(zip);
        var count = reader.ReadInt32();
        var size = reader.ReadInt32();
        var cells = reader.ReadInt32();
        if (count < 0 || size <= 0 || cells < 0 || cells > size || (long)count * size > 64L * 1024 * 1024)
        {
            throw new InvalidDataException(
                $"An experience batch of {count} transitions of {size} floats and {cells} hit probabilities is not plausible."
            );
        }
        var batch = new TransitionBatch(count, size, cells);
        Read(reader, batch.Observations);
        Read(reader, batch.NextObservations);
        for (var i = 0; i < count; i++)
        {
            batch.Actions[i] = reader.ReadInt32();
        }
        Read(reader, batch.Rewards);
        for (var i = 0; i < count; i++)
        {
            batch.Dones[i] = reader.ReadBoolean();
        }
        for (var i = 0; i < count; i++)
        {
            var low = reader.ReadUInt64();
            batch.Ships[i] = ((UInt128)reader.ReadUInt64() << 64) | low;
        }
        for (var i = 0; i < batch.HitProbabilities.Length; i++)
        {
            batch.HitProbabilities[i] = (float)reader.ReadHalf();
        }
        return batch;
    }

    private static void Write(BinaryWriter writer, float[] values) =>
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    private static void Read(BinaryReader reader, float[] values)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
    }
}
