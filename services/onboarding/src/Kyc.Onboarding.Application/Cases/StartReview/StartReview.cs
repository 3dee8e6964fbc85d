using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.StartReview;

/// <summary>An operator takes a submitted case into review.</summary>
public sealed record StartReviewCommand(CaseId CaseId, string OperatorId, IfMatch IfMatch);

public sealed class StartReviewHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<StartReviewCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(StartReviewCommand command) => residency.RegionOf(command.CaseId);

    public async Task<OnboardingCase> HandleAsync(StartReviewCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(null, command.CaseId, command.IfMatch, ct);
        @case.StartReview(clock.Now());
        return @case;
    }
}
