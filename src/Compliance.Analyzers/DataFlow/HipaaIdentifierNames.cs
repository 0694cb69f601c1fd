using Compliance.Analyzers.Infrastructure;

namespace Compliance.Analyzers.DataFlow;

/// <summary>
/// The HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)) as member-name phrases. A member name
/// matches when its last words are a phrase (PascalCase, camelCase and snake_case are split into
/// words; trailing digits are ignored): <c>EmailAddress</c> and <c>PatientEmail</c> match "email",
/// <c>EmailTemplateId</c> does not. Longer phrases are tried first so <c>IpAddress</c> is an IP
/// address, not a street address.
/// </summary>
internal static class HipaaIdentifierNames
{
    private static readonly (string Phrase, string Category)[] Curated =
    {
        // Names.
        ("first name", "name"), ("last name", "name"), ("middle name", "name"), ("full name", "name"),
        ("given name", "name"), ("family name", "name"), ("surname", "name"), ("maiden name", "name"),
        ("patient name", "name"), ("legal name", "name"),
        ("parent name", "name"), ("guardian name", "name"), ("mother name", "name"), ("mothers name", "name"), ("father name", "name"),
        ("fathers name", "name"), ("next of kin", "name"), ("next of kin name", "name"),

        // Geographic subdivisions smaller than a state.
        ("street", "address"), ("street address", "address"), ("address line", "address"), ("home address", "address"),
        ("mailing address", "address"), ("postal address", "address"), ("address", "address"), ("city", "address"),
        ("county", "address"), ("zip", "ZIP code"), ("zip code", "ZIP code"), ("postal code", "ZIP code"), ("postcode", "ZIP code"),

        // Dates.
        ("date of birth", "date of birth"), ("dob", "date of birth"), ("birth date", "date of birth"),
        ("birthdate", "date of birth"), ("birthday", "date of birth"), ("date of death", "date of death"),
        ("admission date", "admission date"), ("discharge date", "discharge date"),

        // Contact.
        ("phone", "telephone number"), ("phone number", "telephone number"), ("telephone", "telephone number"),
        ("mobile", "telephone number"), ("mobile number", "telephone number"), ("cell phone", "telephone number"),
        ("home phone", "telephone number"), ("landline", "telephone number"), ("landline phone", "telephone number"), ("landline number", "telephone number"),
        ("fax", "fax number"), ("fax number", "fax number"),
        ("email", "email address"), ("email address", "email address"), ("e mail", "email address"),

        // Numbers.
        ("ssn", "social security number"), ("social security number", "social security number"), ("social security", "social security number"),
        ("mrn", "medical record number"), ("medical record number", "medical record number"), ("medical record", "medical record number"),
        ("health plan number", "health plan beneficiary number"), ("health plan id", "health plan beneficiary number"),
        ("beneficiary number", "health plan beneficiary number"), ("insurance number", "health plan beneficiary number"),
        ("policy number", "health plan beneficiary number"), ("subscriber id", "health plan beneficiary number"),
        ("account number", "account number"), ("bank account", "account number"), ("iban", "account number"),
        ("license number", "certificate/license number"), ("licence number", "certificate/license number"),
        ("driver license", "certificate/license number"), ("drivers license", "certificate/license number"),
        ("certificate number", "certificate/license number"),
        ("passport", "passport number"), ("passport number", "passport number"), ("passport no", "passport number"), ("passport id", "passport number"),
        ("national id", "national identity number"), ("national id number", "national identity number"), ("national identity number", "national identity number"),
        ("national identification number", "national identity number"), ("national insurance number", "national identity number"),
        ("id card", "national identity number"), ("id card number", "national identity number"), ("identity card number", "national identity number"),
        ("vin", "vehicle identifier"), ("vehicle id", "vehicle identifier"), ("license plate", "vehicle identifier"), ("plate number", "vehicle identifier"),
        ("serial number", "device identifier"), ("device serial", "device identifier"), ("device id", "device identifier"),

        // Network, biometric, images.
        ("ip address", "IP address"), ("ip", "IP address"), ("personal url", "web URL"), ("website", "web URL"), ("homepage", "web URL"),
        ("fingerprint", "biometric identifier"), ("biometric", "biometric identifier"), ("retina scan", "biometric identifier"),
        ("voice print", "biometric identifier"), ("voiceprint", "biometric identifier"),
        ("photo", "full-face photograph"), ("photograph", "full-face photograph"), ("face image", "full-face photograph"),
    };

    /// <summary>
    /// "ParentName" is a relative's name on a patient, student or applicant, but the parent node's
    /// name on a category, folder or menu item: it counts only in a type about people.
    /// </summary>
    public static bool NeedsPersonContext(string memberName)
    {
        var words = Words(memberName);
        return words.Count >= 2 && words[words.Count - 2] == "parent" && words[words.Count - 1] == "name";
    }

    /// <summary>The curated phrases split into words once, with the last word indexed for a quick first test.</summary>
    private static readonly (string[] Words, string Category)[] CuratedWords = Array.ConvertAll(Curated, static c => (c.Phrase.Split(' '), c.Category));

    private static readonly HashSet<string> CuratedLastWords = new(CuratedWords.Select(static c => c.Words[c.Words.Length - 1]), StringComparer.Ordinal);

    /// <summary>
    /// The identifier category <paramref name="memberName"/> names, or null. Phrases in
    /// <paramref name="additions"/> (PascalCase or words) count as identifiers; names or phrases in
    /// <paramref name="exclusions"/> never do.
    /// </summary>
    public static string? Match(string memberName, IReadOnlyList<string> additions, IReadOnlyList<string> exclusions)
    {
        foreach (var exclusion in exclusions)
        {
            if (string.Equals(exclusion, memberName, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        var words = Words(memberName);
        if (words.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestLength = 0;
        foreach (var addition in additions)
        {
            var phrase = Words(addition);
            if (phrase.Count > bestLength && EndsWith(words, phrase))
            {
                best = "configured identifier";
                bestLength = phrase.Count;
            }
        }

        if (!CuratedLastWords.Contains(words[words.Count - 1]) && best is null)
        {
            return null;
        }

        foreach (var (phrase, category) in CuratedWords)
        {
            if (phrase.Length > bestLength && EndsWith(words, phrase))
            {
                best = category;
                bestLength = phrase.Length;
            }
        }

        if (best is null)
        {
            return null;
        }

        foreach (var exclusion in exclusions)
        {
            var phrase = Words(exclusion);
            if (phrase.Count > 0 && EndsWith(words, phrase))
            {
                return null;
            }
        }

        return best;
    }

    /// <summary>The words of a name (<see cref="IdentifierWords"/>) without trailing numbers: <c>Ssn2</c> names an SSN.</summary>
    internal static List<string> Words(string name)
    {
        var words = IdentifierWords.Split(name);
        while (words.Count > 0 && IdentifierWords.IsNumber(words[words.Count - 1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return words;
    }

    private static bool EndsWith(IReadOnlyList<string> words, IReadOnlyList<string> phrase)
    {
        if (phrase.Count > words.Count)
        {
            return false;
        }

        var offset = words.Count - phrase.Count;
        for (var i = 0; i < phrase.Count; i++)
        {
            if (!string.Equals(words[offset + i], phrase[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
