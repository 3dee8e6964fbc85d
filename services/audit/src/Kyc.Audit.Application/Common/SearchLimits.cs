namespace Kyc.Audit.Application.Common;

/// <summary>Bounds shared by searches and replay filters.</summary>
public static class SearchLimits
{
    public const int MaxFilterLength = 200;
}
