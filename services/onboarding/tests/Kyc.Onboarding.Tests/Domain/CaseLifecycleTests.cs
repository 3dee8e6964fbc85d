using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain;
using Kyc.SharedKernel;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Domain;

/// <summary>draft → submitted → in_review → approved | rejected; in_review → info_requested → submitted. Nothing else.</summary>
public sealed class CaseLifecycleTests
{
    public const string Submit = "submit";
    public const string StartReview = "start_review";
    public const string RequestInfo = "request_info";
    public const string Approve = "approve";
    public const string Reject = "reject";

    private static readonly string[] Actions = [Submit, StartReview, RequestInfo, Approve, Reject];

    private static readonly Dictionary<(CaseStatus, string), CaseStatus> Allowed = new()
    {
        [(CaseStatus.Draft, Submit)] = CaseStatus.Submitted,
        [(CaseStatus.InfoRequested, Submit)] = CaseStatus.Submitted,
        [(CaseStatus.Submitted, StartReview)] = CaseStatus.InReview,
        [(CaseStatus.InReview, RequestInfo)] = CaseStatus.InfoRequested,
        [(CaseStatus.InReview, Approve)] = CaseStatus.Approved,
        [(CaseStatus.InReview, Reject)] = CaseStatus.Rejected,
    };

    public static TheoryData<CaseStatus, string, CaseStatus> AllowedTransitions()
    {
        var data = new TheoryData<CaseStatus, string, CaseStatus>();
        foreach (var ((from, action), to) in Allowed) data.Add(from, action, to);
        return data;
    }

    public static TheoryData<CaseStatus, string> IllegalTransitions()
    {
        var data = new TheoryData<CaseStatus, string>();
        foreach (var from in Enum.GetValues<CaseStatus>())
        {
            foreach (var action in Actions)
            {
                if (!Allowed.ContainsKey((from, action))) data.Add(from, action);
            }
        }
        return data;
    }

    [Fact]
    public void The_table_covers_every_status_and_action()
    {
        Assert.Equal(Enum.GetValues<CaseStatus>().Length * Actions.Length, AllowedTransitions().Count + IllegalTransitions().Count);
        Assert.Equal(24, IllegalTransitions().Count);
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void An_allowed_transition_moves_the_case_bumps_its_version_once_and_raises_one_event(CaseStatus from, string action, CaseStatus to)
    {
        var @case = DomainCases.InStatus(from);

        Apply(@case, action);

        Assert.Equal(to, @case.Status);
        Assert.Equal(6, @case.Version);
        Assert.Equal(DomainCases.T0.AddHours(1), @case.UpdatedAt);
        var raised = Assert.Single(@case.PendingEvents);
        Assert.Equal(action switch
        {
            Submit => typeof(CaseSubmitted),
            StartReview => typeof(ReviewStarted),
            RequestInfo => typeof(InfoRequested),
            Approve => typeof(CaseApproved),
            _ => typeof(CaseRejected),
        }, raised.GetType());
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void Every_illegal_transition_raises_illegal_transition_and_changes_nothing(CaseStatus from, string action)
    {
        var @case = DomainCases.InStatus(from);

        var refused = Assert.Throws<CodedException>(() => Apply(@case, action));

        Assert.Equal(OnboardingErrors.IllegalTransition.Code, refused.Code);
        Assert.Equal(from, @case.Status);
        Assert.Equal(5, @case.Version);
        Assert.Empty(@case.PendingEvents);
    }

    [Fact]
    public void Submission_records_when_and_from_which_status()
    {
        var @case = DomainCases.InStatus(CaseStatus.InfoRequested);

        @case.Submit(DomainCases.T0.AddDays(2));

        Assert.Equal(DomainCases.T0.AddDays(2), @case.SubmittedAt);
        Assert.Equal(CaseStatus.InfoRequested, Assert.IsType<CaseSubmitted>(Assert.Single(@case.PendingEvents)).PreviousStatus);
    }

    [Fact]
    public void Operators_notes_are_kept_with_the_request_for_information_and_the_decision()
    {
        var @case = DomainCases.InStatus(CaseStatus.InReview);
        @case.RequestInfo("missing_documents", "Please add the register extract.", "ops-client", DomainCases.T0.AddHours(1));
        @case.Submit(DomainCases.T0.AddHours(2));
        @case.StartReview(DomainCases.T0.AddHours(3));
        @case.Decide(approve: false, "sanctions_hit", null, "ops-client", DomainCases.T0.AddHours(4));

        Assert.Equal(new OperatorNote("missing_documents", "Please add the register extract.", "ops-client", DomainCases.T0.AddHours(1)), @case.InfoRequest);
        Assert.Equal(new OperatorNote("sanctions_hit", null, "ops-client", DomainCases.T0.AddHours(4)), @case.Decision);
        Assert.Equal(CaseStatus.Rejected, @case.Status);
    }

    private static void Apply(OnboardingCase @case, string action)
    {
        var now = DomainCases.T0.AddHours(1);
        switch (action)
        {
            case Submit: @case.Submit(now); break;
            case StartReview: @case.StartReview(now); break;
            case RequestInfo: @case.RequestInfo("missing_documents", null, "ops-client", now); break;
            case Approve: @case.Decide(approve: true, "all_checks_passed", null, "ops-client", now); break;
            case Reject: @case.Decide(approve: false, "sanctions_hit", null, "ops-client", now); break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }
}
