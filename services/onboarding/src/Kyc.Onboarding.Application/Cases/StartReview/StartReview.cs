using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.StartReview;

/// <summary>An operator takes a submitted case into review.</summary>
public sealed record StartReviewCommand(CaseId CaseId, string OperatorId, int? ExpectedVersion);

public sealed class StartReviewHandler(TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(StartReviewCommand command, IOnboardingUnitOfWork uow, CancellationToken ct) =>
        CaseChanges.ApplyAsync(uow, null, command.CaseId, command.ExpectedVersion, c => c.StartReview(clock.Now()), ct);
}
