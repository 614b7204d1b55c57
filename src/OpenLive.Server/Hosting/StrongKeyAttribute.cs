using System.ComponentModel.DataAnnotations;
using OpenLive.Server.Apps;

namespace OpenLive.Server.Hosting;

/// <summary>A configured secret key (empty = generate one) must be <see cref="KeyStrength.IsStrong"/>; the error never shows the key.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class StrongKeyAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not string { Length: > 0 } key || KeyStrength.IsStrong(key))
        {
            return ValidationResult.Success;
        }

        return new ValidationResult(
            $"OpenLive:{validationContext.MemberName} is too weak: a key needs {KeyStrength.Requirement}; this one has about {(int)KeyStrength.EstimatedBits(key)} bits.",
            validationContext.MemberName is { } member ? [member] : null);
    }
}
