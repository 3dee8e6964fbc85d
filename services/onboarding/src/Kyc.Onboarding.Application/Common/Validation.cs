using FluentValidation;

namespace Kyc.Onboarding.Application.Common;

public static class Validation
{
    /// <summary>Throws <see cref="UseCaseException"/> <c>validation_failed</c> with every field's messages, keyed by path under <paramref name="prefix"/>.</summary>
    public static void EnsureValid<T>(this IValidator<T> validator, T? value, string prefix)
    {
        if (value is null)
            throw Failed(new Dictionary<string, string[]> { [prefix] = ["Required."] });
        var result = validator.Validate(value);
        if (result.IsValid) return;
        throw Failed(result.Errors
            .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? prefix : $"{prefix}.{e.PropertyName}")
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
    }

    public static UseCaseException Failed(IReadOnlyDictionary<string, string[]> errors) =>
        new(UseCaseErrors.ValidationFailed, "The request has invalid fields.", errors);

    /// <summary>Runs several validations and reports all their field errors together.</summary>
    public static void All(params Action[] validations)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var validate in validations)
        {
            try { validate(); }
            catch (UseCaseException e) when (e.Code == UseCaseErrors.ValidationFailed)
            {
                foreach (var (field, messages) in e.Errors) errors[field] = messages;
            }
        }
        if (errors.Count > 0) throw Failed(errors);
    }
}
