using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Battleship.Trainer.Dqn;

/// <summary>
/// Adam as TorchSharp 0.107's <see cref="TorchSharp.Modules.Adam"/> computes it (the same operations in
/// the same order and the same state), except that every <see cref="Scalar"/> a native call reads is
/// held until the call has returned. It keeps the name <c>Adam</c> because TorchSharp writes the type's
/// name into <c>optimizer.bin</c> and checks it on loading: checkpoints stay interchangeable.
/// </summary>
/// <remarks>
/// TorchSharp's own step converts its coefficients to Scalars implicitly, some inside overloads such as
/// <c>add_(Scalar)</c>, which passes an implicit alpha of 1. Such a temporary is unreachable once its
/// handle has been read, so a garbage collection started by another thread during the native call may
/// finalise it, and the call then reads freed memory: "Expected false to be true" from
/// <c>c10::Scalar::toFloat</c> (docs/rl.md). Only the options this project uses are supported: no
/// weight decay, AMSGrad or maximisation.
/// </remarks>
internal sealed class Adam(IEnumerable<Parameter> parameters, double learningRate) : TorchSharp.Modules.Adam(parameters, learningRate)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

    private void Update(ParamGroup group)
    {
        var options = group.Options;
        if (options.weight_decay is not (null or 0) || options.amsgrad is true || options.maximize is true)
        {
            throw new NotSupportedException("This Adam supports neither weight decay, AMSGrad nor maximisation.");
        }
        var beta1 = options.beta1!.Value;
        var beta2 = options.beta2!.Value;
        var learningRate = options.LearningRate!.Value;
        using var one = 1.ToScalar();
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var gradientWeight = (1.0 - beta1).ToScalar();
        using var squareWeight = (1.0 - beta2).ToScalar();
        using var epsilon = options.eps!.Value.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null)
            {
                continue;
            }
            var state = (State)_state[parameter.Handle];
            state.step++;
            var biasCorrection1 = 1.0 - Math.Pow(beta1, state.step);
            var biasCorrection2 = 1.0 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(beta1Scalar).add_(gradient, gradientWeight);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(gradient, gradient.conj(), squareWeight);
            using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
            using var stepSize = (0.0 - (learningRate / biasCorrection1)).ToScalar();
            var denominator = state.exp_avg_sq.sqrt().div(rootCorrection2).add_(epsilon, one);
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }
}
