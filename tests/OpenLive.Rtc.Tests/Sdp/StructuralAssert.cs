using System.Collections;
using System.Reflection;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>
/// Compares two object graphs by their public properties, lists element by element: the model's classes hold lists,
/// so their own equality is by reference, and this is what "parse(write(x)) equals x" means.
/// </summary>
internal static class StructuralAssert
{
    public static void Equal(object? expected, object? actual) => Compare(expected, actual, "description");

    private static void Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                Assert.Fail($"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            }

            return;
        }

        // Lists compare by their items whatever their concrete type ([] may be an array, a parsed list a List<T>).
        if (expected is IEnumerable expectedItems and not string && actual is IEnumerable and not string)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                Assert.Fail($"{path}: expected {left.Count} items, got {right.Count}");
            }

            for (var i = 0; i < left.Count; i++)
            {
                Compare(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            Assert.Fail($"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        }

        if (type.IsPrimitive || type.IsEnum || expected is string)
        {
            if (!expected.Equals(actual))
            {
                Assert.Fail($"{path}: expected \"{expected}\", got \"{actual}\"");
            }

            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }
}
